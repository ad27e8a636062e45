/**
 * In-page checks for layout.spec.ts, installed with page.addInitScript. Plain JavaScript on
 * purpose (as bench/console/probe.js): it runs in the browser, and tests/ are type-checked
 * without the DOM library. Every function returns a list of problems, one line each, naming the
 * element by a short CSS path and giving the widths measured.
 */
(() => {
  if (window.__layout) return;

  /** Boxes that must hold their content: tables and their cells, cards, panels and form blocks. */
  const BOXES = [
    'table',
    'th',
    'td',
    '[role=table]',
    '[role=row]',
    '[role=columnheader]',
    '[role=cell]',
    '.screen',
    '.screen-head',
    '.toolbar',
    '.panel',
    '.panel-head',
    '.panel-body',
    '.sessions-main',
    '.vtbody',
    '.detail',
    '.detail-head',
    '.detail-body',
    '.facts dd',
    '.chain-card',
    '.key-card',
    '.callout',
    '.verdict',
    '.field',
    '.form-grid',
    '.form-footer',
    '.sidebar',
    '.server-info dd',
    'pre',
    'dl',
    'li',
  ].join(', ');

  const name = (el) => {
    let s = el.tagName.toLowerCase();
    if (el.id) s += `#${el.id}`;
    for (const c of el.classList) if (!c.startsWith('is-')) s += `.${c}`;
    for (const a of ['role', 'aria-label']) if (el.getAttribute(a)) s += `[${a}="${el.getAttribute(a).slice(0, 40)}"]`;
    return s;
  };
  /** The element and up to three ancestors, enough to find it in the markup. */
  const path = (el) => {
    const parts = [];
    for (let e = el; e && e !== document.body && parts.length < 4; e = e.parentElement) parts.unshift(name(e));
    return parts.join(' > ');
  };
  const text = (el) => (el.textContent || '').replace(/\s+/g, ' ').trim().slice(0, 40);
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden';
  };

  /**
   * Text cut on purpose: an ellipsis actually drawn (a block box with text-overflow: ellipsis that
   * clips, and no atomic child such as a button or badge sticking out, which would be cut without
   * one) and a title giving the full value on hover.
   */
  function ellipsised(el, cs) {
    if (cs.textOverflow !== 'ellipsis' || cs.overflowX === 'visible' || cs.whiteSpace !== 'nowrap')
      return 'no ellipsis';
    if (/flex|grid/.test(cs.display)) return `no ellipsis (display: ${cs.display})`;
    const right = el.getBoundingClientRect().right - parseFloat(cs.paddingRight) - parseFloat(cs.borderRightWidth);
    for (const child of el.children) {
      if (getComputedStyle(child).display !== 'inline' && child.getBoundingClientRect().right > right + 1)
        return `${name(child)} cut without an ellipsis`;
    }
    return el.title ? null : 'ellipsis without a title';
  }

  window.__layout = {
    /** Resolves after two frames: the layout once the last data that arrived is drawn. */
    settled() {
      return new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve())));
    },

    /** The page and the main pane never scroll sideways; no box is wider than itself allows. */
    overflow() {
      const problems = [];
      const doc = document.documentElement;
      if (doc.scrollWidth > innerWidth)
        problems.push(`page scrolls sideways: document scrollWidth ${doc.scrollWidth} > innerWidth ${innerWidth}`);
      const main = document.querySelector('main');
      if (main && main.scrollWidth > main.clientWidth + 1)
        problems.push(
          `${path(main)} scrolls sideways: scrollWidth ${main.scrollWidth} > clientWidth ${main.clientWidth}`,
        );
      for (const el of document.querySelectorAll('#root *')) {
        // form controls scroll their own text; 1 px boxes are visually hidden labels
        if (el.matches('input, textarea, select') || !visible(el) || el.clientWidth <= 1) continue;
        const sw = el.scrollWidth;
        const cw = el.clientWidth;
        if (sw <= cw + 1) continue;
        const cs = getComputedStyle(el);
        // a box that clips or scrolls, a cut text, or one of the boxes that must hold their content
        if (cs.overflowX === 'visible' && cs.textOverflow !== 'ellipsis' && !el.matches(BOXES)) continue;
        const why = ellipsised(el, cs);
        if (why) problems.push(`${path(el)} "${text(el)}": scrollWidth ${sw} > clientWidth ${cw} (${why})`);
      }
      return problems;
    },

    /** Header and body cells of the virtual Sessions table line up, column by column. */
    columns() {
      const problems = [];
      const heads = [...document.querySelectorAll('.vthead [role=columnheader]')];
      const row = document.querySelector('.vtbody [role=row][data-session-id]');
      if (!heads.length || !row) return ['the Sessions table has no header or no row to compare'];
      const cells = [...row.querySelectorAll('[role=cell]')];
      if (cells.length !== heads.length) return [`${heads.length} column headers but ${cells.length} cells in a row`];
      heads.forEach((h, i) => {
        const a = h.getBoundingClientRect();
        const b = cells[i].getBoundingClientRect();
        if (Math.abs(a.left - b.left) > 1 || Math.abs(a.width - b.width) > 1)
          problems.push(
            `column "${text(h)}": header at x ${a.left.toFixed(1)} width ${a.width.toFixed(1)}, cells at x ${b.left.toFixed(1)} width ${b.width.toFixed(1)}`,
          );
      });
      return problems;
    },

    /** No two labels of an SVG chart overlap. */
    labels(selector) {
      const problems = [];
      for (const svg of document.querySelectorAll(selector)) {
        const texts = [...svg.querySelectorAll('text')]
          .filter(visible)
          .map((t) => ({ t, r: t.getBoundingClientRect() }));
        for (let i = 0; i < texts.length; i++)
          for (let j = i + 1; j < texts.length; j++) {
            const a = texts[i].r;
            const b = texts[j].r;
            const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
            const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
            if (w > 1 && h > 1)
              problems.push(
                `${name(svg)}: "${text(texts[i].t)}" overlaps "${text(texts[j].t)}" by ${w.toFixed(0)}×${h.toFixed(0)} px`,
              );
          }
        const box = svg.getBoundingClientRect();
        for (const { t, r } of texts)
          if (r.left < box.left - 1 || r.right > box.right + 1)
            problems.push(
              `${name(svg)}: "${text(t)}" runs out of the chart (${r.left.toFixed(0)}–${r.right.toFixed(0)} outside ${box.left.toFixed(0)}–${box.right.toFixed(0)})`,
            );
      }
      return problems;
    },

    /** In every form grid, the inputs of fields on one row stay on one line, whatever messages a field shows. */
    fieldRows() {
      const problems = [];
      for (const grid of document.querySelectorAll('.form-grid')) {
        const rows = new Map();
        for (const field of grid.children) {
          const input = field.querySelector('input, select, textarea');
          if (!input || !visible(input)) continue;
          const top = Math.round(field.getBoundingClientRect().top);
          rows.set(top, [...(rows.get(top) ?? []), input]);
        }
        for (const inputs of rows.values()) {
          const tops = inputs.map((i) => i.getBoundingClientRect().top);
          if (Math.max(...tops) - Math.min(...tops) > 1)
            problems.push(
              `${path(grid)}: inputs of one row at y ${tops.map((t) => t.toFixed(0)).join(', ')} (${inputs.map((i) => i.id || i.getAttribute('aria-label') || i.name).join(', ')})`,
            );
        }
      }
      return problems;
    },
  };
})();
