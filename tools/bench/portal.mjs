// `npm run bench -- portal [--runs 15]`
//
// The web portal as a person's browser gets it, against the real stack with demonstration data, in Debian's
// headless Chromium (playwright-core), each figure beside a baseline measured in the same run:
//  1. Initial JavaScript: the gzip size of the scripts index.html loads before the first page shows (the entry
//     and its modulepreloads), against the gzip size of every script of the build (what a build without code
//     splitting would load first).
//  2. Home page interactive: from navigation to "My work" with its data on screen (the waiting list rendered
//     and the network idle), signed in already, p50/p90 over --runs loads; baseline: the identity provider's
//     login page (server-rendered HTML, no script) loaded in the same browser, same number of runs,
//     interleaved (A B B A).
//  3. GraphQL requests a transfer detail page makes: opened by its address (a full load: who am I, the
//     reference lists, the transfer) and reached by a click inside the portal; baseline: the home page's.
// Figures only: the exit code is non-zero only on errors. Writes bench-results/portal-<timestamp>.json.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { createCleanup, log, startBenchStack } from './lib/harness.mjs';
import {
  fixed,
  formatTable,
  machineInfo,
  machineLine,
  percentile,
  ratio,
  writeResults,
} from './lib/report.mjs';

export const description = 'portal: initial JavaScript, home page interactive and GraphQL requests per page';

function option(args, name, fallback) {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? Number(args[i + 1]) : fallback;
}

const kB = (bytes) => bytes / 1024;

function initialJavaScript(site) {
  const html = readFileSync(join(site, 'index.html'), 'utf8');
  const initial = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map((m) => m[1]);
  const gz = (path) => gzipSync(readFileSync(join(site, path))).length;
  const all = readdirSync(join(site, 'assets')).filter((f) => f.endsWith('.js'));
  return {
    initialFiles: initial,
    initialGzip: initial.reduce((sum, f) => sum + gz(f), 0),
    allFiles: all.length,
    allGzip: all.reduce((sum, f) => sum + gz(`/assets/${f}`), 0),
  };
}

export async function run({ root, args }) {
  const runs = option(args, 'runs', 15);
  const site = join(root, 'apps/portal/dist/site');
  const machine = machineInfo();
  const cleanup = createCleanup();
  await cleanup.run(async () => {
    const bundle = initialJavaScript(site);
    const { launchBrowser, signIn, newContext } = await import(
      pathToFileURL(join(root, 'apps/portal/dist/e2e-build/e2e/browser.js')).href
    );
    log('starting the stack (demonstration data) and Chromium');
    const { stack } = await startBenchStack(cleanup, { root, options: { seedDemoData: true } });
    const browser = await launchBrowser();
    cleanup.add('browser', () => browser.close());
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, stack.gatewayUrl, 'qushui-prosecutor');
    await page.getByTestId('waiting').waitFor();

    const loginUrl =
      `${stack.idpUrl}/realms/yiti/protocol/openid-connect/auth?client_id=yiti-portal&response_type=code` +
      `&redirect_uri=${encodeURIComponent(`${stack.gatewayUrl}/auth/callback`)}&scope=openid&state=bench` +
      `&code_challenge=${'a'.repeat(43)}&code_challenge_method=S256`;
    const timeHome = async () => {
      const start = performance.now();
      await page.goto(`${stack.gatewayUrl}/`);
      await page.locator('[data-testid=waiting] [data-testid=transfer-card]').first().waitFor();
      await page.waitForLoadState('networkidle');
      return performance.now() - start;
    };
    const baselinePage = await context.newPage();
    const timeLogin = async () => {
      const start = performance.now();
      await baselinePage.goto(loginUrl);
      await baselinePage.locator('input#username').waitFor();
      await baselinePage.waitForLoadState('networkidle');
      return performance.now() - start;
    };
    await timeHome();
    await timeLogin();
    const home = [];
    const login = [];
    for (let i = 0; i < runs; i++) {
      if (i % 2 === 0) {
        home.push(await timeHome());
        login.push(await timeLogin());
      } else {
        login.push(await timeLogin());
        home.push(await timeHome());
      }
    }
    home.sort((a, b) => a - b);
    login.sort((a, b) => a - b);

    const graphqlRequests = async (action) => {
      let count = 0;
      const onRequest = (request) => {
        if (new URL(request.url()).pathname === '/graphql' && request.method() === 'POST') count++;
      };
      page.on('request', onRequest);
      await action();
      await page.waitForLoadState('networkidle');
      page.off('request', onRequest);
      return count;
    };
    const homeRequests = await graphqlRequests(() => page.goto(`${stack.gatewayUrl}/`));
    await page.locator('[data-testid=waiting] [data-testid=transfer-card]').first().waitFor();
    const firstCard = page.locator('[data-testid=waiting] [data-testid=transfer-card]').first();
    const transferId = await firstCard.getAttribute('data-transfer-id');
    const detailByClick = await graphqlRequests(async () => {
      await firstCard.locator('a').first().click();
      await page.getByTestId('transfer-state').waitFor();
    });
    const detailByAddress = await graphqlRequests(async () => {
      await page.goto(`${stack.gatewayUrl}/transfers/${transferId}`);
      await page.getByTestId('transfer-state').waitFor();
    });

    const rows = [
      {
        figure: 'initial JavaScript (gzip)',
        value: `${fixed(1)(kB(bundle.initialGzip))} kB (${bundle.initialFiles.length} files)`,
        baseline: `${fixed(1)(kB(bundle.allGzip))} kB (all ${bundle.allFiles} scripts)`,
        ratio: fixed(2)(ratio(bundle.initialGzip, bundle.allGzip)),
      },
      {
        figure: 'home page interactive p50',
        value: `${fixed(0)(percentile(home, 50))} ms`,
        baseline: `${fixed(0)(percentile(login, 50))} ms (IdP login page)`,
        ratio: fixed(2)(ratio(percentile(home, 50), percentile(login, 50))),
      },
      {
        figure: 'home page interactive p90',
        value: `${fixed(0)(percentile(home, 90))} ms`,
        baseline: `${fixed(0)(percentile(login, 90))} ms (IdP login page)`,
        ratio: fixed(2)(ratio(percentile(home, 90), percentile(login, 90))),
      },
      {
        figure: 'GraphQL requests, transfer detail by address',
        value: String(detailByAddress),
        baseline: `${homeRequests} (home page)`,
        ratio: fixed(2)(ratio(detailByAddress, homeRequests)),
      },
      {
        figure: 'GraphQL requests, transfer detail by a click',
        value: String(detailByClick),
        baseline: `${homeRequests} (home page)`,
        ratio: fixed(2)(ratio(detailByClick, homeRequests)),
      },
    ];
    console.log(
      `\n${machineLine(machine)}\nPortal, ${runs} loads each (targets: initial JS ≤ 350 kB gzip, home ≤ 1.5 s, detail ≤ 3 requests)\n`,
    );
    console.log(
      formatTable(rows, [
        { title: 'figure', value: (r) => r.figure, align: 'left' },
        { title: 'value', value: (r) => r.value },
        { title: 'baseline', value: (r) => r.baseline },
        { title: 'ratio', value: (r) => r.ratio },
      ]),
    );
    const file = writeResults(root, 'portal', {
      machine,
      runs,
      bundle,
      homeMs: home,
      loginMs: login,
      homeRequests,
      detailByAddress,
      detailByClick,
    });
    console.log(`\nResults: ${file}`);
  });
}
