// End-to-end test of the extension in a real VS Code: code-server serves
// it on 127.0.0.1, Debian's chromium (driven by playwright-core, which
// never downloads a browser) shows it, and the test checks what a user
// sees. Run by editors/vscode/vscode_test.go, which builds berth and the
// .vsix; by hand:
//
//   BERTH_BIN=/path/to/berth BERTH_VSIX=berth-0.1.0.vsix \
//   BERTH_CODE_SERVER=... BERTH_VSCODE_NODE=... node test/e2e.mjs
//
// (eval "$(bash .ci/vscode)" sets the last two.) Every wait is bounded;
// on a failure it saves screenshots and prints their paths.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const env = (name, fallback) => {
  const v = process.env[name] ?? fallback;
  if (!v) {
    console.error(`e2e: ${name} is not set`);
    process.exit(2);
  }
  return v;
};
const berth = env('BERTH_BIN');
const vsix = env('BERTH_VSIX');
const codeServer = env('BERTH_CODE_SERVER');
const node24 = env('BERTH_VSCODE_NODE');
const browserPath = env('BERTH_CHROMIUM', '/usr/bin/chromium');
const dir = fs.mkdtempSync(path.join(process.env.BERTH_E2E_DIR ?? os.tmpdir(), 'berth-vscode-e2e-'));
const shots = path.join(dir, 'screenshots');
const ws = path.join(dir, 'workspace');
const userData = path.join(dir, 'user-data');
const settingsFile = path.join(userData, 'User', 'settings.json');
for (const d of [shots, ws, path.dirname(settingsFile), path.join(dir, 'extensions'), path.join(dir, 'home'), path.join(dir, 'browser')]) {
  fs.mkdirSync(d, { recursive: true });
}

const t0 = Date.now();
const log = (msg) => console.log(`e2e: [${((Date.now() - t0) / 1000).toFixed(1)}s] ${msg}`);

// The whole test is bounded, whatever hangs.
const watchdog = setTimeout(() => fail(new Error('the test took more than 8 minutes')), 8 * 60_000);

// The workspace: four Dockerfiles under the names berth lints, one the
// tutorial's miDockerfile.
const files = {
  Dockerfile: 'FROM debian:bookworm\nMAINTAINER someone@example.com\nRUN apt-get update && apt-get install -y curl\nCMD echo hi\n',
  Containerfile: 'FROM alpine:latest\nRUN apk add curl\nWORKDIR app\n',
  'web.dockerfile': 'FROM node:latest\nRUN cd /app && npm ci\nCMD node server.js\n',
  miDockerfile: 'FROM ubuntu\nCMD ["nginx", "-g", "daemon off;"]\n',
};
// With the test daemon and registry of .ci/testdaemon, the build, pull and
// pin commands run against them.
const dockerHost = process.env.BERTH_TEST_DOCKER_HOST;
const registry = process.env.BERTH_TEST_REGISTRY;
// (It has no bridge network: RUN steps build with none.)
const daemon = dockerHost && registry ? { 'berth.docker.host': dockerHost, 'berth.build.network': 'none' } : {};
if (registry) {
  // A RUN of this run's own, so that the build has a step to report even
  // when the daemon's cache holds every other step from earlier runs.
  const nonce = `${process.pid}-${Date.now()}`;
  files['app.Dockerfile'] = `FROM ${registry}/busybox:1.36 AS base\nRUN echo ${nonce} > /hi\n\nFROM base\nCMD ["cat", "/hi"]\n`;
}
for (const [name, text] of Object.entries(files)) {
  fs.writeFileSync(path.join(ws, name), text);
}

const baseSettings = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'files.autoSave': 'off',
  // Text typed by the test lands as typed.
  'editor.autoClosingBrackets': 'never',
  'editor.autoClosingQuotes': 'never',
  'editor.autoIndent': 'none',
  'editor.formatOnType': false,
  'editor.codeActionWidget.includeNearbyQuickFixes': false,
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'problems.defaultViewMode': 'list',
};
const writeSettings = (extra) => fs.writeFileSync(settingsFile, JSON.stringify({ ...baseSettings, ...extra }, null, 2));

// code-server's environment: Node.js 24 first on PATH, and a HOME of its own
// so that nothing lands in the user's.
const home = path.join(dir, 'home');
const csEnv = {
  ...process.env,
  PATH: `${path.dirname(node24)}:${process.env.PATH}`,
  HOME: home,
  // No extension gallery: the test reaches nothing outside 127.0.0.1.
  EXTENSIONS_GALLERY: JSON.stringify({ serviceUrl: '' }),
  XDG_CONFIG_HOME: path.join(home, '.config'),
  XDG_DATA_HOME: path.join(home, '.local', 'share'),
  XDG_CACHE_HOME: path.join(home, '.cache'),
};
const config = path.join(dir, 'code-server.yaml');
fs.writeFileSync(config, 'auth: none\ncert: false\n');
const csArgs = ['--config', config, '--user-data-dir', userData, '--extensions-dir', path.join(dir, 'extensions')];

let server;
let serverLog = '';
let context;
let page;
let step = 'setup';

async function main() {
  log(`folder ${dir}`);
  await run(codeServer, [...csArgs, '--install-extension', vsix]);

  // At first berth.path names a file that does not exist.
  const missing = path.join(dir, 'no-such-dir', 'berth');
  writeSettings({ 'berth.path': missing, ...daemon });

  const port = await freePort();
  server = spawn(
    codeServer,
    [...csArgs, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check',
      '--disable-workspace-trust', '--disable-getting-started-override', '--ignore-last-opened', ws],
    { env: csEnv, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  server.stdout.on('data', (b) => (serverLog += b));
  server.stderr.on('data', (b) => (serverLog += b));
  const url = `http://127.0.0.1:${port}`;
  await waitFor('code-server to listen', 60_000, async () => (await fetch(`${url}/healthz`).catch(() => null))?.ok);
  log(`code-server ${url}`);

  context = await chromium.launchPersistentContext(path.join(dir, 'browser'), {
    executablePath: browserPath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
    viewport: { width: 1400, height: 900 },
    env: csEnv, // a HOME of its own: no crash reports or dconf cache in the user's
  });
  context.setDefaultTimeout(60_000);
  page = context.pages()[0] ?? (await context.newPage());
  await page.goto(`${url}/?folder=${encodeURIComponent(ws)}`);
  await page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });
  await page.locator('.explorer-folders-view, .explorer-viewlet').first().waitFor({ timeout: 60_000 });
  log('VS Code is up');

  step = 'missing binary';
  await openFile('Dockerfile');
  const toast = page.locator('.notification-toast', { hasText: 'was not found' });
  await toast.waitFor({ timeout: 60_000 });
  const text = await toast.locator('.notification-list-item-message').innerText();
  expect(text.includes(missing), `the message names the missing path: ${text}`);
  log(`missing binary: "${text.split('\n')[0]}"`);
  await toast.getByRole('button', { name: 'Open Settings' }).click();
  await page.locator('.settings-editor').waitFor();
  await page.locator('.settings-editor .setting-item-contents', { hasText: 'The berth executable' }).first().waitFor();
  log('"Open Settings" shows the berth.path setting');

  step = 'recovery';
  // The user types the right path into the setting that the button showed.
  const input = page.locator('.settings-editor .setting-item-contents', { hasText: 'The berth executable' }).locator('input').first();
  await input.fill(berth);
  await input.press('Enter');
  await waitFor('berth.path in settings.json', 60_000, () => userSettings()['berth.path'] === berth);
  await command('View: Close All Editors');
  await openFile('Dockerfile');
  await showProblems();
  await problem('DL4000', 90_000);
  await problem('DL3025');
  log('after fixing berth.path: DL4000 and DL3025 in the Problems panel');

  step = 'quick fix';
  await gotoLine(2);
  // Ctrl+. as soon as the line has its diagnostic; again if the menu
  // opened before the server's actions came.
  const fix = page.locator('.action-widget .action-item, .action-widget [role="option"]', { hasText: /LABEL/ }).first();
  await waitFor('the quick fix menu', 60_000, async () => {
    if (await fix.isVisible()) {
      return true;
    }
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+.');
    return fix.waitFor({ timeout: 3_000 }).then(() => true, () => false);
  });
  log(`quick fix: "${(await fix.innerText()).trim()}"`);
  await fix.click();
  await save();
  await waitFor('the quick fix on disk', 60_000, () =>
    read('Dockerfile').includes('LABEL org.opencontainers.image.authors="someone@example.com"'),
  );
  expect(!read('Dockerfile').includes('MAINTAINER'), 'MAINTAINER is gone');
  await noProblem('DL4000');
  log('quick fix applied: MAINTAINER became a LABEL, DL4000 gone');

  step = 'fix all';
  await command('berth: Apply all safe fixes');
  await save();
  await waitFor('the fixes on disk', 60_000, () => read('Dockerfile').includes('CMD ["echo", "hi"]'));
  await noProblem('DL3025');
  log('"berth: Apply all safe fixes": CMD in exec form, DL3025 gone');

  step = 'Containerfile';
  await openFile('Containerfile');
  await problem('DL3000');
  log('Containerfile linted: DL3000');

  step = 'web.dockerfile';
  await openFile('web.dockerfile');
  await problem('DL3003');
  await problem('DL3007');
  log('web.dockerfile linted: DL3003, DL3007');

  step = 'miDockerfile';
  await openFile('miDockerfile');
  await problem('DL3006');
  log('miDockerfile (the tutorial\'s name) linted with no files.associations: DL3006');

  step = 'live setting';
  await editUserSettings({ ...baseSettings, 'berth.path': berth, ...daemon, 'berth.ignore': ['DL3007'] });
  await noProblem('DL3007');
  await problem('DL3003');
  await problem('DL3000');
  log('berth.ignore ["DL3007"] hides DL3007 at once; DL3003 and DL3000 stay');

  step = 'restart';
  const starts = serverStarts();
  await command('berth: Restart the language server');
  await waitFor('a new berth lsp', 60_000, () => serverStarts() > starts);
  await problem('DL3003', 60_000);
  await noProblem('DL3007');
  log('"berth: Restart the language server" brings the diagnostics back, with the settings');

  step = 'build';
  if (!dockerHost || !registry) {
    // No daemon: the command still asks for the tag, and Escape cancels.
    await command('berth: Build image');
    await page.locator('.quick-input-widget', { hasText: 'The tag of the image' }).waitFor();
    await page.keyboard.press('Escape');
    log('"berth: Build image" asks for the tag (no test daemon: BERTH_TEST_DOCKER_HOST, BERTH_TEST_REGISTRY unset, not built)');
    return;
  }
  await openFile('app.Dockerfile');
  await recordToasts();
  await command('berth: Build image');
  await page.locator('.quick-input-widget', { hasText: 'The tag of the image' }).waitFor();
  await quickInput('berth-vscode-e2e:latest');
  await page.keyboard.press('Enter');
  await toastWith(/Built berth-vscode-e2e:latest/, 180_000);
  // The progress notification shows the server's reports (sent on the
  // request's work-done token).
  const seen = await toastsSeen();
  expect(
    seen.some((t) => /^berth: Building berth-vscode-e2e:latest: \S/.test(t)),
    `a "berth: Building berth-vscode-e2e:latest: <step>" progress notification among ${JSON.stringify([...new Set(seen)])}`,
  );
  log(`"berth: Build image" with the tag typed: progress "${seen.find((t) => /^berth: Building berth-vscode-e2e:latest: \S/.test(t))}", then "Built berth-vscode-e2e:latest ..."`);

  step = 'build stage';
  await command('berth: Build stage…');
  const stage = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'base' }).first();
  await stage.waitFor();
  await stage.click();
  await toastWith(/Built \S*base/, 180_000);
  log('"berth: Build stage…" lists "base" and builds it');

  step = 'pull';
  await gotoLine(1);
  await command('berth: Pull base image');
  await toastWith(new RegExp(`Pulled ${registry}/busybox:1.36`), 120_000);
  log(`"berth: Pull base image" on line 1: "Pulled ${registry}/busybox:1.36"`);

  step = 'pin';
  await gotoLine(1);
  await command('berth: Pin base images to digests');
  const thisFrom = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'This FROM' }).first();
  await thisFrom.waitFor();
  await thisFrom.click();
  await page.locator('.editor-instance .view-lines', { hasText: '@sha256:' }).first().waitFor({ timeout: 120_000 });
  await save();
  await waitFor('the pinned FROM on disk', 60_000, () => /^FROM \S+busybox:1\.36@sha256:[0-9a-f]{64} AS base$/m.test(read('app.Dockerfile')));
  log('"berth: Pin base images to digests" (this FROM): FROM ...busybox:1.36@sha256:...');
}

// Helpers.

// recordToasts keeps, in the page, the text of every notification shown
// from now on, however briefly (a progress notification of a fast build).
async function recordToasts() {
  await page.evaluate(() => {
    window.berthToasts = [];
    const seen = () => {
      for (const el of document.querySelectorAll('.notification-toast .notification-list-item-message')) {
        window.berthToasts.push(el.textContent);
      }
    };
    new MutationObserver(seen).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
}

async function toastsSeen() {
  return page.evaluate(() => window.berthToasts ?? []);
}

// toastWith waits for a notification whose message matches re.
async function toastWith(re, timeout) {
  await page.locator('.notification-toast .notification-list-item-message', { hasText: re }).first().waitFor({ timeout });
}

function expect(ok, what) {
  if (!ok) {
    throw new Error(`expected: ${what}`);
  }
}

function userSettings() {
  try {
    return JSON.parse(fs.readFileSync(settingsFile, 'utf8'));
  } catch {
    return {};
  }
}

// extensionLogs returns the extension's log (the "berth" output channel,
// of every window.
function extensionLogs() {
  let text = '';
  const logs = path.join(userData, 'logs');
  for (const f of fs.readdirSync(logs, { recursive: true })) {
    if (String(f).includes('berth-dev.berth') && String(f).endsWith('.log')) {
      text += fs.readFileSync(path.join(logs, String(f)), 'utf8');
    }
  }
  return text;
}

// serverStarts counts the servers the extension started.
function serverStarts() {
  return (extensionLogs().match(/berth: starting .* lsp/g) ?? []).length;
}

function read(name) {
  return fs.readFileSync(path.join(ws, name), 'utf8');
}

async function waitFor(what, timeout, f) {
  const end = Date.now() + timeout;
  for (;;) {
    if (await f()) {
      return;
    }
    if (Date.now() > end) {
      throw new Error(`timed out after ${timeout / 1000}s waiting for ${what}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

function run(cmd, args) {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { env: csEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (b) => (out += b));
    p.stderr.on('data', (b) => (out += b));
    const timer = setTimeout(() => p.kill('SIGKILL'), 120_000);
    p.on('exit', (code) => {
      clearTimeout(timer);
      code === 0 ? resolve(out) : reject(new Error(`${cmd} ${args.join(' ')}: exit ${code}\n${out}`));
    });
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

// palette opens the command palette (F1), again if a closing editor took
// the focus away.
async function palette() {
  const input = page.locator('.quick-input-widget input');
  await waitFor('the command palette', 60_000, async () => {
    await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    return input.waitFor({ timeout: 5_000 }).then(
      () => true,
      () => false,
    );
  });
}

// quickInput types into the quick input (F1 opens it with ">").
async function quickInput(text) {
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(text);
}

// command runs a command from the command palette, by its exact label
// (the palette's fuzzy match lists others too, recently used first).
async function command(label) {
  await palette();
  await quickInput(`>${label}`);
  const exact = new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  const item = page
    .locator('.quick-input-widget .quick-input-list .monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: exact }) })
    .first();
  await item.click();
  // The palette closes, or the command asks something in its place.
  const input = page.locator('.quick-input-widget input');
  await waitFor(`"${label}" to run`, 60_000, async () => !(await input.isVisible()) || !(await input.inputValue()).startsWith('>'));
}

// openFile opens a workspace file with Quick Open.
async function openFile(name) {
  await palette();
  await quickInput(name);
  const item = page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: name }).first();
  await item.waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.tab.active', { hasText: name }).waitFor();
  await page.locator('.editor-instance .monaco-editor').first().waitFor();
}

async function gotoLine(n) {
  await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+G');
  await quickInput(`:${n}`);
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

// editUserSettings replaces the user settings as a user does in
// "Preferences: Open User Settings (JSON)".
async function editUserSettings(settings) {
  await command('Preferences: Open User Settings (JSON)');
  // (VS Code shows it in a tab, or over the editors in a modal one.)
  const editor = page.locator('.monaco-editor', { hasText: '"workbench.startupEditor"' }).last();
  await editor.locator('.view-lines').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(JSON.stringify(settings));
  // What the editor closed by itself ("}) goes.
  await page.keyboard.press('Control+Shift+End');
  await page.keyboard.press('Delete');
  await page.keyboard.press('Control+S');
  await waitFor('the settings on disk', 60_000, () => JSON.stringify(userSettings()['berth.ignore']) === JSON.stringify(settings['berth.ignore']));
  // Escape closes the modal editor; a tab is closed from the palette.
  if (await page.locator('.tab.active', { hasText: 'settings.json' }).isVisible()) {
    await command('View: Close Editor');
  } else {
    await waitFor('the settings editor to close', 60_000, async () => {
      await page.keyboard.press('Escape');
      return editor.waitFor({ state: 'hidden', timeout: 5_000 }).then(
        () => true,
        () => false,
      );
    });
  }
  await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
}

async function save() {
  await command('File: Save');
}

// showProblems opens the Problems panel from the status bar's counts.
async function showProblems() {
  if (!(await page.locator('.markers-panel').isVisible())) {
    await page.locator('[id="status.problems"]').click();
  }
  await page.locator('.markers-panel').waitFor();
}

const rows = () => page.locator('.markers-panel .monaco-list-row');

async function problem(code, timeout = 60_000) {
  await rows().filter({ hasText: code }).first().waitFor({ timeout });
}

async function noProblem(code, timeout = 60_000) {
  await rows().filter({ hasText: code }).first().waitFor({ state: 'detached', timeout });
}

async function fail(err) {
  console.error(`e2e: FAIL at step "${step}": ${err?.stack ?? err}`);
  if (page) {
    const shot = path.join(shots, `${step.replace(/\W+/g, '-')}.png`);
    await page.screenshot({ path: shot, timeout: 10_000 }).then(
      () => console.error(`e2e: screenshot ${shot}`),
      (e) => console.error(`e2e: no screenshot: ${e}`),
    );
    const notes = await page.locator('.notifications-toasts').innerText({ timeout: 2_000 }).catch(() => '');
    if (notes) {
      console.error(`e2e: notifications:\n${notes}`);
    }
    // What the Problems panel lists, and the files as they are on disk:
    // a finding missing from the panel is told from a file changed under
    // the test.
    const markers = await page.locator('.markers-panel').innerText({ timeout: 2_000 }).catch(() => '');
    if (markers) {
      console.error(`e2e: the Problems panel:\n${markers}`);
    }
  }
  for (const name of Object.keys(files)) {
    console.error(`e2e: ${name} on disk:\n${fs.existsSync(path.join(ws, name)) ? read(name) : '(missing)'}`);
  }
  let logs = '';
  try {
    logs = extensionLogs();
  } catch {}
  console.error(`e2e: the extension's log (last 4000 characters):\n${logs.slice(-4000)}`);
  console.error(`e2e: code-server's output (last 4000 characters):\n${serverLog.slice(-4000)}`);
  await cleanup();
  process.exit(1);
}

async function cleanup() {
  clearTimeout(watchdog);
  await context?.close().catch(() => {});
  server?.kill('SIGTERM');
}

main().then(
  async () => {
    log(`PASS (folder ${dir})`);
    await cleanup();
    if (!process.env.BERTH_E2E_KEEP) {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    process.exit(0);
  },
  fail,
);
