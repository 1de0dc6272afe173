import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { newContext, screenshot, seriousAccessibilityViolations, signIn } from './browser.js';
import { startPortalRig, type PortalRig } from './portal-stack.js';

describe('portal: sign-in, header and language', () => {
  let rig: PortalRig;
  before(async () => {
    rig = await startPortalRig();
  });
  after(async () => {
    await rig?.stop();
  });

  it('sends a stranger to the IdP login page and back, then shows who is signed in', async () => {
    const context = await newContext(rig.browser);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await signIn(page, rig.portalUrl, 'gongga-prosecutor');
    const who = await page.textContent('[data-testid=who]');
    assert.match(who ?? '', /贡嘎县人民检察院/);
    assert.match(who ?? '', /检察官/);
    await page.getByRole('heading', { name: '我的工作' }).waitFor();
    await screenshot(page, 'home-zh-1280');
    assert.deepEqual(await seriousAccessibilityViolations(page), []);
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('keeps a half-filled form when the session ends and the person signs in again', async () => {
    const context = await newContext(rig.browser);
    const page = await context.newPage();
    await signIn(page, rig.portalUrl, 'gongga-prosecutor', '/transfers/new');
    await page.getByTestId('deadline-preview').waitFor();
    const summary = '尼洋河沿岸非法捕捞线索，待补充现场照片';
    await page.getByLabel('摘要', { exact: true }).fill(summary);
    await page.getByLabel('本院案号').fill('贡检刑移〔2026〕21号');
    // The session ends: the tokens are gone (as when the IdP session expired and renewal failed).
    await page.evaluate(() => {
      for (const key of Object.keys(sessionStorage))
        if (key.startsWith('oidc.')) sessionStorage.removeItem(key);
    });
    await page.reload();
    await page.waitForSelector('input#username');
    await page.fill('input#username', 'gongga-prosecutor');
    await page.fill('input#password', 'yiti-demo');
    await page.click('button[type=submit]');
    await page.getByTestId('deadline-preview').waitFor();
    assert.equal(new URL(page.url()).pathname, '/transfers/new');
    assert.equal(await page.getByLabel('摘要', { exact: true }).inputValue(), summary);
    assert.equal(await page.getByLabel('本院案号').inputValue(), '贡检刑移〔2026〕21号');
    await context.close();
  });

  it('is used with the keyboard alone: skip link, menu, and back', async () => {
    const context = await newContext(rig.browser, 'phone');
    const page = await context.newPage();
    await signIn(page, rig.portalUrl, 'qushui-prosecutor');
    await page.getByTestId('waiting').waitFor();
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), '跳到正文');
    // Tab on to the menu, then arrow to the inbox and open it.
    for (let i = 0; i < 15; i++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate(() => Boolean(document.activeElement?.closest('nav')))) break;
    }
    assert.ok(
      await page.evaluate(() => Boolean(document.activeElement?.closest('nav'))),
      'the menu takes the focus',
    );
    // The menu moves the focus on an animation frame after the key, so read it only once frames have run.
    const focused = async () => {
      await page.evaluate(
        () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))),
      );
      return page.evaluate(() => document.activeElement?.textContent);
    };
    for (let i = 0; i < 6 && (await focused()) !== '收到的移送'; i++) await page.keyboard.press('ArrowRight');
    assert.equal(await focused(), '收到的移送', 'the arrow keys reach the inbox');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: '收到的移送' }).waitFor();
    await screenshot(page, 'keyboard-inbox-360');
    await context.close();
  });

  it('shows a police liaison officer the follow-up clocks and no transfer pages', async () => {
    const context = await newContext(rig.browser);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await signIn(page, rig.portalUrl, 'gongga-police');
    await page.getByTestId('follow-ups').waitFor();
    await page.waitForLoadState('networkidle');
    const nav = await page.getByRole('navigation').innerText();
    assert.doesNotMatch(nav, /收到的移送|发出的移送/);
    assert.equal(await page.getByTestId('waiting').count(), 0);
    assert.equal(await page.getByRole('alert').count(), 0, 'no refused request is shown');
    await screenshot(page, 'home-police-zh-1280');
    assert.deepEqual(errors, []);
    await context.close();
  });
});
