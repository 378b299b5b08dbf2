// report_browser.cjs -- the report's explorer driven in headless Chromium
// as a person would use it (puppeteer-core, pinned in
// core/draw/web/test/package.json, pointed at Debian's /usr/bin/chromium),
// for tests/cli/report.sh.
//   node report_browser.cjs MAIN.html TRICKY.html OUTDIR
// MAIN is the report of the built-in graph, TRICKY that of a small graph
// whose names hold quotes, '<', "</script>", RTL text and German, French
// and Turkish letters.  Prints one line per check, "ok NAME" or
// "not ok NAME: why", and writes OUTDIR/main.png and OUTDIR/tricky.png.
'use strict';
const puppeteer = require('puppeteer-core');
const [mainPage, trickyPage, outDir] = process.argv.slice(2);

function check(name, ok, why) { console.log(ok ? `ok ${name}` : `not ok ${name}: ${why}`); }
function eq(name, got, want) {
  const g = JSON.stringify(got), w = JSON.stringify(want);
  check(name, g === w, `got ${g}, want ${w}`);
}

async function open(browser, file) {
  const page = await browser.newPage();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('request', (r) => { if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) errors.push('network: ' + r.url()); });
  await page.setViewport({width: 1400, height: 1000});
  await page.goto('file://' + file);
  await page.waitForSelector('html[data-ready]', {timeout: 30000});
  return {page, errors};
}

const shown = (page) => page.$eval('#shown', (e) => [+e.dataset.entities, +e.dataset.relationships]);
const panelTitle = (page) => page.$eval('#panel', (p) => [p.dataset.entity || null, (p.querySelector('h2') || {}).textContent || null]);

// Types the text into an input with suggestions and picks the first one.
async function choose(page, sel, text) {
  await page.click(sel, {clickCount: 3});
  await page.type(sel, text);
  const list = sel.replace('-in', '-list').replace('#search', '#search-list');
  await page.waitForSelector(list + ' li');
  const first = await page.$eval(list + ' li', (li) => li.textContent);
  await page.keyboard.press('Enter');
  return first;
}

async function nodeCentre(page, id) {
  return page.evaluate((id) => {
    const d = JSON.parse(document.getElementById('erg-data').textContent), k = d.n.id.indexOf(id);
    const s = window.ergSigma, p = s.graphToViewport(s.getNodeDisplayData(String(k)));
    const r = document.getElementById('map').getBoundingClientRect();
    return {x: r.left + p.x, y: r.top + p.y};
  }, id);
}

// The labels drawn: the boxes the page kept (window.ergLabelBoxes), how
// many pairs of them overlap, and whether sigma drew exactly those.
async function labels(page) {
  await new Promise((r) => setTimeout(r, 300)); /* the frame that draws the chosen labels */
  return page.evaluate(() => {
    const b = window.ergLabelBoxes || [], drawn = window.ergSigma.displayedNodeLabels;
    let overlaps = 0;
    for (let i = 0; i < b.length; i++)
      for (let j = i + 1; j < b.length; j++)
        if (b[i].l < b[j].r && b[j].l < b[i].r && b[i].t < b[j].b && b[j].t < b[i].b) overlaps++;
    const kept = new Set(b.map((x) => String(x.u)));
    const same = drawn.size === kept.size && [...drawn].every((k) => kept.has(k));
    return {n: b.length, overlaps, same, only_sigma: [...drawn].filter((k) => !kept.has(k)),
            only_page: [...kept].filter((k) => !drawn.has(k)).map((k) => b.find((x) => String(x.u) === k))};
  });
}

async function main(browser) {
  const {page, errors} = await open(browser, mainPage);
  eq('ready', await page.$eval('html', (h) => h.dataset.ready), 'true');
  eq('everything shown at first', await shown(page), [62, 72]);
  eq('a WebGL canvas', await page.$$eval('#map canvas', (c) => c.length > 0), true);

  // search: the suggestion, then the panel
  const first = await choose(page, '#search', 'microsft azur'.replace('sft', 'soft'));
  check('suggestion for "microsoft azur"', first.startsWith('Microsoft Azure'), first);
  eq('panel after search', await panelTitle(page), ['azure', 'Microsoft Azure']);
  eq('folded search: "ÎCE" finds ICE', await choose(page, '#search', 'ÎCE').then((t) => t.split(' ')[0]), 'U.S.');

  // a click on a node
  await page.click('#path-clear');
  await page.evaluate(() => window.ergSigma.getCamera().setState({x: 0.5, y: 0.5, ratio: 1, angle: 0}));
  await new Promise((r) => setTimeout(r, 400));
  const c = await nodeCentre(page, 'ice');
  await page.mouse.click(c.x, c.y);
  await page.waitForFunction(() => document.getElementById('panel').dataset.entity === 'ice', {timeout: 5000}).catch(() => {});
  eq('panel after a click on ICE', await panelTitle(page), ['ice', 'U.S. Immigration and Customs Enforcement']);
  eq('its relationships', await page.$eval('#panel h3', (h) => h.textContent), '18 relationships');
  const ev = await page.$eval('#panel', (p) => p.textContent);
  check('a relationship with evidence and certainty', ev.includes('certainty: reported') && ev.includes('Leaked files put ICE'), ev.slice(0, 300));

  // the date window: the "From" handle pushed to the end hides the
  // relationships dated before it; then dropping the undated ones
  await page.focus('#date-from');
  await page.keyboard.press('End');
  const [, afterFrom] = await shown(page);
  check('date slider hides relationships', afterFrom < 72 && afterFrom > 0, `${afterFrom} of 72 shown`);
  await page.click('#undated');
  const [, dated] = await shown(page);
  check('without undated relationships fewer still', dated < afterFrom, `${dated} after ${afterFrom}`);
  const span = await page.$eval('#date-shown', (e) => e.textContent);
  eq('the window shown', span, '2026-01-31 to 2026-01-31');
  eq('only the relationship of January 2026 left', dated, 1);
  await page.click('#undated');
  await page.focus('#date-from');
  await page.keyboard.press('Home');
  eq('back to all', await shown(page), [62, 72]);

  // a filter by relationship type
  const sup = await page.$('#f-rtype label:has(input) input[data-k]');
  await sup.click();
  const [, oneTypeOff] = await shown(page);
  check('relationship type filter', oneTypeOff === 71, `${oneTypeOff}`);
  await sup.click();

  // how is Microsoft connected to ICE: parallel relationships are one hop
  await choose(page, '#path-a-in', 'microsoft');
  await choose(page, '#path-b-in', 'immigration and customs');
  await page.click('#path-go');
  const sum = await page.$eval('#path-out .sum', (e) => e.textContent);
  eq('shortest paths', sum, '1 shortest path of 1 hop');
  const hop = await page.$eval('#path-out .hop-h', (e) => e.textContent);
  eq('parallel relationships grouped', hop, 'Microsoft – U.S. Immigration and Customs Enforcement: 2 relationships');
  const rels = await page.$$eval('#path-out .rel b', (bs) => bs.map((b) => b.textContent).sort());
  eq('the hop lists both', rels, ['denies', 'supplies']);
  const evidence = await page.$$eval('#path-out .rel .ev', (e) => e.length);
  eq('each with its evidence', evidence, 2);
  await page.click('#path-clear');

  // ego view of one hop around ICE
  await page.evaluate(() => document.querySelector('a.ent[data-id="ice"]').click());
  await page.click('#ego-go');
  eq('ego view: ICE and its neighbours', (await shown(page))[0], await page.evaluate(() => {
    const d = JSON.parse(document.getElementById('erg-data').textContent), k = d.n.id.indexOf('ice'), s = new Set([k]);
    d.r.a.forEach((a, j) => { if (a === k) s.add(d.r.b[j]); if (d.r.b[j] === k) s.add(a); });
    return s.size;
  }));
  await page.click('#views button[data-mode="all"]');
  eq('the whole map again', await shown(page), [62, 72]);

  // ForceAtlas2 from igraph's positions moves the nodes
  const pos = () => page.evaluate(() => { const a = window.ergSigma.getGraph().getNodeAttributes('0'); return [a.x, a.y]; });
  const p0 = await pos();
  await page.evaluate(() => document.getElementById('fa2').click());
  await page.waitForFunction(() => !document.getElementById('fa2').disabled, {timeout: 20000});
  const p1 = await pos();
  check('ForceAtlas2 refines the layout', p0[0] !== p1[0] || p0[1] !== p1[1], `${p0} -> ${p1}`);

  // labels by importance, none over another, at any zoom
  const l1 = await labels(page);
  check('labels: some shown', l1.n >= 8, JSON.stringify(l1));
  eq('labels: none overlaps another', l1.overlaps, 0);
  eq('labels: sigma draws exactly the ones chosen', l1.same, true);

  // hovering the line between ICE and Azure (sigma's enterEdge, as its
  // picking sends it) names all four relationships drawn on it
  const tipText = await page.evaluate(() => {
    const d = JSON.parse(document.getElementById('erg-data').textContent), s = window.ergSigma, g = s.getGraph();
    const ice = String(d.n.id.indexOf('ice')), az = String(d.n.id.indexOf('azure'));
    s.emit('enterEdge', {edge: g.edges(ice, az)[0]});
    const t = document.getElementById('tip');
    return t.hidden ? '' : t.textContent;
  });
  eq('hover: parallel relationships counted', tipText.split('\n').sort(), [
    'U.S. Immigration and Customs Enforcement declined_comment → Microsoft Azure',
    'U.S. Immigration and Customs Enforcement stores_data_in → Microsoft Azure ×2',
    'U.S. Immigration and Customs Enforcement uses → Microsoft Azure']);
  await page.evaluate(() => window.ergSigma.emit('leaveEdge', {}));

  // zoom with the wheel over the map
  const before = await page.evaluate(() => window.ergSigma.getCamera().ratio);
  await page.mouse.move(700, 500);
  await page.mouse.wheel({deltaY: -600});
  await new Promise((r) => setTimeout(r, 800));
  const after = await page.evaluate(() => window.ergSigma.getCamera().ratio);
  check('wheel zooms in', after < before * 0.9, `ratio ${before} -> ${after}`);
  const l2 = await labels(page);
  check('labels, zoomed in: none overlaps another', l2.overlaps === 0 && l2.same && l2.n > 0, JSON.stringify(l2));
  await page.evaluate(() => window.ergSigma.getCamera().setState({x: 0.5, y: 0.5, ratio: 1, angle: 0}));
  await new Promise((r) => setTimeout(r, 400));

  await page.screenshot({path: outDir + '/main.png'});
  eq('no console errors (main)', errors, []);
  await page.close();
}

async function tricky(browser) {
  const {page, errors} = await open(browser, trickyPage);
  eq('tricky: ready', await page.$eval('html', (h) => h.dataset.ready), 'true');
  const labels = await page.evaluate(() => JSON.parse(document.getElementById('erg-data').textContent).n.label);
  eq('tricky: names intact', labels, ['Acme "Quoted" & Sons', 'a < b </script><script>alert(1)</script>',
    'شركة النفط العربية', 'Straße Müller GmbH', 'Élodie Œuvre', 'İstanbul Işık A.Ş.']);
  eq('tricky: nothing injected', await page.evaluate(() => document.querySelectorAll('script:not([id])').length), 4);
  // the page's folding of each name equals erg_fold's, embedded by C
  const folds = await page.evaluate(() => {
    const d = JSON.parse(document.getElementById('erg-data').textContent);
    return d.n.label.map((l, k) => [window.ergFold(l), d.n.f[k].split('\n')[0]]);
  });
  for (const [js, c] of folds) eq(`fold agrees: ${c}`, js, c);
  eq('tricky: German query', await choose(page, '#search', 'STRASSE muller'), 'Straße Müller GmbH company');
  eq('tricky: French query', await choose(page, '#search', 'elodie oeuvre'), 'Élodie Œuvre person');
  eq('tricky: Turkish query', await choose(page, '#search', 'istanbul'), 'İstanbul Işık A.Ş. company');
  eq('tricky: RTL query', await choose(page, '#search', 'النفط'), 'شركة النفط العربية company');
  eq('tricky: panel', await panelTitle(page), ['aramco', 'شركة النفط العربية']);
  eq('tricky: script name searchable', await choose(page, '#search', '</script>'), 'a < b </script><script>alert(1)</script> company');
  eq('tricky: its panel', await panelTitle(page), ['lt', 'a < b </script><script>alert(1)</script>']);
  eq('tricky: sources by title, http(s) urls linked only', await page.$$eval('#panel .rel .src', (d) => d.map((x) => x.innerHTML)),
    ['Source: <a href="https://example.org/a?x=1&amp;y=2" target="_blank" rel="noopener">A &lt;b&gt;memo&lt;/b&gt;</a>; Bad link']);
  eq('tricky: a relationship type holding </script>', await page.evaluate(() => JSON.parse(document.getElementById('erg-data').textContent).rtypes),
    ['employs', 'knows', 'owns', 'pays "</script>"', 'supplies']);
  await page.evaluate(() => window.ergSigma.getCamera().setState({x: 0.5, y: 0.5, ratio: 1, angle: 0}));
  await new Promise((r) => setTimeout(r, 400));
  await page.screenshot({path: outDir + '/tricky.png'});
  eq('no console errors (tricky)', errors, []);
  await page.close();
}

(async () => {
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROME || '/usr/bin/chromium', headless: true,
    args: ['--no-sandbox', '--enable-unsafe-swiftshader', '--use-angle=swiftshader', '--disable-background-networking',
      '--disable-component-update', '--no-first-run'],
  });
  try {
    await main(browser);
    await tricky(browser);
  } catch (e) {
    check('the browser run', false, e.stack);
  } finally {
    await browser.close();
  }
})();
