/**
 * In-page probe for bench/console.ts, installed with page.addInitScript before the console's own
 * scripts run. Every time here is the page's own clock (performance.now(), whose zero is the
 * navigation start of this document); Playwright only reads the results afterwards, so no
 * round trip between Node and the browser is inside any measured interval.
 *
 * Plain JavaScript on purpose: it runs in the browser, and bench/ is type-checked against Node's
 * library (no DOM types). It touches nothing of the app except wrapping window.fetch to time the
 * admin API calls; it does not read the app's state, only its DOM.
 */
(() => {
  if (window.__ghBench) return;
  const MAX_LOG = 2000; // every log below is bounded
  const B = (window.__ghBench = { marks: {}, fetches: [], keydowns: [], inputs: [] });
  const push = (list, item) => {
    if (list.length < MAX_LOG) list.push(item);
  };
  const mark = (name, t = performance.now()) => {
    if (!(name in B.marks)) B.marks[name] = t;
  };
  /** Runs `cb` with the time of the next frame's rAF and of the task after it (≈ the frame is presented). */
  const afterFrame = (cb) =>
    requestAnimationFrame((rafTime) => {
      const ch = new MessageChannel();
      ch.port1.onmessage = () => cb(rafTime, performance.now());
      ch.port2.postMessage(0);
    });

  // ------------------------------------------------------------ admin API calls
  // Only `/admin/api/*` answers are read here (then handed on as an identical in-memory Response);
  // the event stream (`/admin/events`, a long-lived fetch) passes through untouched.
  const realFetch = window.fetch.bind(window);
  window.fetch = async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const method = /\/admin\/api\/([^/?#]+)/.exec(url)?.[1] ?? null;
    if (!method) return realFetch(input, init);
    const rec = {
      method,
      body: typeof init?.body === 'string' ? init.body : null,
      start: performance.now(),
      headers: null,
      end: null,
      status: null,
      bytes: null,
    };
    push(B.fetches, rec);
    const res = await realFetch(input, init);
    rec.headers = performance.now();
    rec.status = res.status;
    const buf = await res.arrayBuffer();
    rec.end = performance.now();
    rec.bytes = buf.byteLength;
    return new Response(buf, { status: res.status, statusText: res.statusText, headers: res.headers });
  };

  // ------------------------------------------------------------ keystrokes
  // event.timeStamp of a keydown is when the browser received the key (queue time included).
  window.addEventListener('keydown', (e) => push(B.keydowns, { t: e.timeStamp, key: e.key }), true);
  window.addEventListener(
    'input',
    (e) =>
      push(B.inputs, { t: performance.now(), value: e.target && 'value' in e.target ? String(e.target.value) : null }),
    true,
  );

  // ------------------------------------------------------------ first render
  const initial = new MutationObserver(() => {
    if (!('appReady' in B.marks) && document.querySelector('[data-app-state="ready"]')) mark('appReady');
    if (!('firstSkeleton' in B.marks) && document.querySelector('.vrow-skeleton')) mark('firstSkeleton');
    const row = document.querySelector('[data-session-id]');
    if (!row) return;
    const t = performance.now();
    // "visible": laid out with a box inside the viewport (this forces the layout the frame needs anyway)
    const r = row.getBoundingClientRect();
    if (r.height <= 0 || r.bottom <= 0 || r.top >= innerHeight) return;
    mark('firstRowDom', t);
    initial.disconnect();
    afterFrame((raf, presented) => {
      mark('firstRowFrame', raf);
      mark('firstRowPresented', presented);
    });
  });
  initial.observe(document, {
    childList: true,
    subtree: true,
    characterData: true,
    attributes: true,
    attributeFilter: ['data-app-state', 'data-session-id', 'style'],
  });

  // ------------------------------------------------------------ helpers used by console.ts
  const countLabel = (n) => `${n.toLocaleString()} session${n === 1 ? '' : 's'}`;
  const row0Id = () =>
    document.querySelector('[data-index="0"][data-session-id]')?.getAttribute('data-session-id') ?? null;
  const toolbarCount = () => document.querySelector('.toolbar-count')?.textContent ?? null;

  /** The table shows `total` sessions and its first row is `firstId`. */
  B.tableShows = (total, firstId) => toolbarCount() === countLabel(total) && row0Id() === firstId;
  B.state = () => ({
    count: toolbarCount(),
    row0: row0Id(),
    rows: document.querySelectorAll('[data-session-id]').length,
    skeletons: document.querySelectorAll('.vrow-skeleton').length,
  });

  /**
   * Arms a watcher for the table to show `total` rows with `firstId` on top. Resolves with the
   * time of the DOM change, the next frame and the task after it; or `timedOut` after `timeoutMs`.
   */
  B.armTable = (total, firstId, timeoutMs) => {
    const armedAt = performance.now();
    if (B.tableShows(total, firstId)) return { armedAt, alreadyShown: true };
    B.pending = new Promise((resolve) => {
      let timer = 0;
      const mo = new MutationObserver(() => {
        if (!B.tableShows(total, firstId)) return;
        const dom = performance.now();
        mo.disconnect();
        clearTimeout(timer);
        afterFrame((frame, presented) => resolve({ dom, frame, presented, timedOut: false }));
      });
      mo.observe(document.body, {
        childList: true,
        subtree: true,
        characterData: true,
        attributes: true,
        attributeFilter: ['data-session-id', 'data-index'],
      });
      timer = setTimeout(() => {
        mo.disconnect();
        resolve({ timedOut: true, state: B.state() });
      }, timeoutMs);
    });
    return { armedAt, alreadyShown: false };
  };

  /**
   * Sets the table's scrollTop so that row `index` is on top and watches the rows appear there:
   * the first frame that shows the new position (placeholders or rows) and the moment every
   * rendered row carries data (no placeholder left) with row `index` among them.
   */
  B.scrollToRow = (index, timeoutMs) =>
    new Promise((resolve) => {
      const body = document.querySelector('.vtbody');
      const anyRow = document.querySelector('[data-session-id]');
      if (!body || !anyRow) return resolve({ error: 'no table' });
      const rowHeight = parseFloat(anyRow.style.height) || anyRow.getBoundingClientRect().height;
      const done = () =>
        !!document.querySelector(`[data-index="${index}"][data-session-id]`) &&
        !document.querySelector('.vrow-skeleton');
      // rows still loading are placeholders without data-index; aria-rowindex is index + 2 on both
      const moved = () => !!document.querySelector(`[aria-rowindex="${index + 2}"]`);
      let firstMove = null;
      let timer = 0;
      let start = 0;
      const mo = new MutationObserver(() => {
        if (firstMove === null && moved()) firstMove = performance.now();
        if (!done()) return;
        const dom = performance.now();
        mo.disconnect();
        clearTimeout(timer);
        afterFrame((frame, presented) =>
          resolve({ start, firstMove, dom, frame, presented, rowHeight, timedOut: false }),
        );
      });
      mo.observe(body, {
        childList: true,
        subtree: true,
        attributes: true,
        attributeFilter: ['data-session-id', 'data-index', 'aria-rowindex', 'class'],
      });
      timer = setTimeout(() => {
        mo.disconnect();
        resolve({ start, firstMove, timedOut: true, rowHeight, state: B.state() });
      }, timeoutMs);
      start = performance.now();
      body.scrollTop = index * rowHeight;
    });

  /**
   * A continuous scroll, driven frame by frame: `rowsPerFrame` rows down on each of `frames`
   * animation frames. Records each frame's interval and how many placeholder rows were inside the
   * viewport, then waits (bounded) until the last position is filled.
   */
  B.flingScroll = (rowsPerFrame, frames, settleTimeoutMs) =>
    new Promise((resolve) => {
      const body = document.querySelector('.vtbody');
      const anyRow = document.querySelector('[data-session-id]');
      if (!body || !anyRow) return resolve({ error: 'no table' });
      const rowHeight = parseFloat(anyRow.style.height) || anyRow.getBoundingClientRect().height;
      const view = body.getBoundingClientRect();
      const blanksInView = () => {
        let n = 0;
        for (const el of document.querySelectorAll('.vrow-skeleton')) {
          const r = el.getBoundingClientRect();
          if (r.bottom > view.top && r.top < view.bottom) n++;
        }
        return n;
      };
      const intervals = [];
      const blanks = [];
      let last = null;
      let frame = 0;
      const startTop = body.scrollTop;
      const step = (t) => {
        if (last !== null) intervals.push(t - last);
        last = t;
        blanks.push(blanksInView());
        if (frame++ < frames) {
          body.scrollTop += rowsPerFrame * rowHeight;
          requestAnimationFrame(step);
          return;
        }
        const stopped = performance.now();
        const settleStart = Date.now();
        const settle = () => {
          if (!document.querySelector('.vrow-skeleton') || Date.now() - settleStart > settleTimeoutMs) {
            resolve({
              intervals,
              blanks,
              rowHeight,
              startTop,
              endTop: body.scrollTop,
              settleMs: performance.now() - stopped,
              settled: !document.querySelector('.vrow-skeleton'),
            });
          } else requestAnimationFrame(settle);
        };
        settle();
      };
      requestAnimationFrame(step);
    });
})();
