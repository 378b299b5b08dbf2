// report_page.cjs -- how soon a report page becomes interactive, for
// tests/bench/run.py: opens PAGE in headless Chromium (puppeteer-core on
// /usr/bin/chromium) RUNS times, each in a fresh browser, and prints JSON: the page's own
// data-ready-ms (navigation start to the first drawn frame of the map, with
// data parsed, graph built and handlers attached) and the wall time from
// goto to data-ready, each run, and what the map shows.
//   NODE_PATH=build/npm-web-test/node_modules node report_page.cjs PAGE [RUNS]
'use strict';
const puppeteer = require('puppeteer-core');
const [arg, runs = '3'] = process.argv.slice(2);
const page = require('path').resolve(arg);
// Each load in a fresh browser: the cold case, GPU process start included.
(async () => {
  const out = {ready_ms: [], wall_ms: [], errors: []};
  for (let i = 0; i < +runs; i++) {
    const browser = await puppeteer.launch({executablePath: process.env.CHROME || '/usr/bin/chromium', headless: true,
      args: ['--no-sandbox', '--enable-unsafe-swiftshader', '--use-angle=swiftshader', '--disable-background-networking']});
    try {
      const p = await browser.newPage();
      p.on('pageerror', (e) => out.errors.push(e.message));
      await p.setViewport({width: 1400, height: 1000});
      const t0 = Date.now();
      await p.goto('file://' + page, {timeout: 120000});
      await p.waitForSelector('html[data-ready="true"]', {timeout: 120000});
      out.wall_ms.push(Date.now() - t0);
      out.ready_ms.push(+(await p.$eval('html', (h) => h.dataset.readyMs)));
      out.shown = await p.$eval('#shown', (e) => e.textContent);
    } finally {
      await browser.close();
    }
  }
  console.log(JSON.stringify(out));
})();
