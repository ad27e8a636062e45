/** The console's "test instance: hooks armed" banner: shown for a test instance's hooks only. */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { TestHooksBanner } from '../../src/renderer/components/test-hooks-banner';

const render = (armed: boolean) => renderToStaticMarkup(createElement(TestHooksBanner, { armed }));

describe('TestHooksBanner', () => {
  it('says "test instance: hooks armed" as a status when the instance has hooks', () => {
    const html = render(true);
    expect(html).toMatch(/^<div[^>]*role="status"/);
    expect(html).toContain('<strong>test instance: hooks armed</strong>');
  });

  it('renders nothing for an instance without hooks', () => {
    expect(render(false)).toBe('');
  });
});
