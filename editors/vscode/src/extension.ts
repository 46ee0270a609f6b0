// berth for VS Code: runs "berth lsp" for Dockerfiles through
// vscode-languageclient, and puts the server's daemon actions (build, pull,
// pin) and "apply all safe fixes" in the command palette.
//
// The client is started, stopped and restarted by one queue so that a start
// that failed (a missing binary, a crash at startup) never leaves the
// extension stuck: changing a berth setting, or "berth: Restart the language
// server", starts it again.

import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  CodeActionRequest,
  ExecuteCommandRequest,
  LanguageClient,
  LanguageClientOptions,
  ResponseError,
  ServerOptions,
  State,
  TransportKind,
  WorkDoneProgress,
  WorkDoneProgressCancelNotification,
} from 'vscode-languageclient/node';
import type { Command, CodeAction } from 'vscode-languageclient/node';

// The LSP RequestFailed code: the server has already shown the message.
const requestFailed = -32803;

// Settings of the extension itself, not sent to the server.
const ownSettings = new Set(['path', 'trace.server']);

let client: LanguageClient | undefined;
let output: vscode.LogOutputChannel;
let queue: Promise<unknown> = Promise.resolve();
let extensionContext: vscode.ExtensionContext;

// serialize runs f after every start and stop queued before it.
function serialize<T>(f: () => Promise<T>): Promise<T> {
  const p = queue.then(f, f);
  queue = p.catch(() => undefined);
  return p;
}

// settings returns berth's settings as the server reads them (the fields of
// lsp.Settings): every contributed berth.* setting but the extension's own,
// nested at the dots. Unset values (null) are left out.
function settings(): Record<string, unknown> {
  const props: Record<string, unknown> =
    extensionContext.extension.packageJSON?.contributes?.configuration?.properties ?? {};
  const c = vscode.workspace.getConfiguration('berth');
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(props)) {
    const name = key.replace(/^berth\./, '');
    if (ownSettings.has(name)) {
      continue;
    }
    const value = c.get(name);
    if (value === undefined || value === null) {
      continue;
    }
    const parts = name.split('.');
    let obj = out;
    for (const p of parts.slice(0, -1)) {
      obj = (obj[p] ??= {}) as Record<string, unknown>;
    }
    obj[parts[parts.length - 1]] = value;
  }
  return out;
}

// findExecutable returns the absolute path of the berth executable named
// by the berth.path setting (a path, or a name looked up in PATH), or
// undefined when there is none.
function findExecutable(setting: string): string | undefined {
  const isFile = (p: string) => {
    try {
      const st = fs.statSync(p);
      if (!st.isFile()) {
        return false;
      }
      if (process.platform !== 'win32') {
        fs.accessSync(p, fs.constants.X_OK);
      }
      return true;
    } catch {
      return false;
    }
  };
  let name = setting.trim() || 'berth';
  if (name.startsWith('~/')) {
    name = path.join(process.env.HOME ?? '', name.slice(2));
  }
  if (name.includes('/') || name.includes('\\')) {
    let p = name;
    if (!path.isAbsolute(p)) {
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
      p = path.resolve(folder ?? process.cwd(), p);
    }
    return isFile(p) ? p : undefined;
  }
  const exts = process.platform === 'win32' ? (process.env.PATHEXT ?? '.EXE').split(';').concat(['']) : [''];
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) {
      continue;
    }
    for (const ext of exts) {
      const p = path.join(dir, name + ext);
      if (isFile(p)) {
        return p;
      }
    }
  }
  return undefined;
}

// complain says that berth could not start, with a button that opens the
// berth.path setting.
function complain(message: string): void {
  output.appendLine(message);
  void vscode.window.showErrorMessage(message, 'Open Settings', 'Show Output').then((choice) => {
    if (choice === 'Open Settings') {
      void vscode.commands.executeCommand('workbench.action.openSettings', 'berth.path');
    } else if (choice === 'Show Output') {
      output.show(true);
    }
  });
}

async function start(): Promise<void> {
  const setting = vscode.workspace.getConfiguration('berth').get<string>('path', 'berth');
  const command = findExecutable(setting);
  if (!command) {
    const shown = setting.trim() || 'berth';
    const where = shown.includes('/') || shown.includes('\\') ? 'there is no executable file' : 'it is not in PATH';
    complain(
      `berth: cannot start the language server: the berth executable "${shown}" was not found (${where}). ` +
        'Install berth and berth-engine (go install github.com/berth-dev/berth/cmd/...@latest) or set berth.path to berth.',
    );
    return;
  }
  const serverOptions: ServerOptions = {
    run: { command, args: ['lsp'], transport: TransportKind.stdio },
    debug: { command, args: ['lsp', '-v'], transport: TransportKind.stdio },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'dockerfile' },
      { scheme: 'untitled', language: 'dockerfile' },
      // .dockerignore and NAME.dockerignore: the server lints their
      // patterns against the build context.
      { scheme: 'file', pattern: '**/{.dockerignore,*.dockerignore}' },
    ],
    // The client sends vscode.env.language as initialize's locale (hover
    // and completion in the user's language); the settings go along too.
    initializationOptions: { berth: settings() },
    synchronize: {
      fileEvents: vscode.workspace.createFileSystemWatcher('**/.{berth,hadolint}.{yaml,yml}'),
    },
    outputChannel: output,
  };
  const c = new LanguageClient('berth', 'berth', serverOptions, clientOptions);
  client = c;
  output.appendLine(`berth: starting ${command} lsp (locale ${vscode.env.language})`);
  try {
    await c.start();
  } catch (err) {
    client = undefined;
    await dispose(c);
    complain(`berth: the language server (${command} lsp) failed to start: ${errorText(err)}`);
  }
}

// dispose stops c whatever its state, never throwing.
async function dispose(c: LanguageClient): Promise<void> {
  try {
    if (c.state === State.Running) {
      await c.stop(2000);
    } else {
      await c.dispose(2000);
    }
  } catch (err) {
    output.appendLine(`berth: stopping the language server: ${errorText(err)}`);
  }
}

function restart(): Promise<void> {
  return serialize(async () => {
    const c = client;
    client = undefined;
    if (c) {
      await dispose(c);
    }
    await start();
  });
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

// running returns the client when the server runs, or says why not.
function running(): LanguageClient | undefined {
  if (client && client.state === State.Running) {
    return client;
  }
  void vscode.window
    .showWarningMessage('berth: the language server is not running.', 'Restart', 'Open Settings')
    .then((choice) => {
      if (choice === 'Restart') {
        void restart();
      } else if (choice === 'Open Settings') {
        void vscode.commands.executeCommand('workbench.action.openSettings', 'berth.path');
      }
    });
  return undefined;
}

// dockerfile returns the active Dockerfile editor, or says there is none.
function dockerfile(): vscode.TextEditor | undefined {
  const editor = vscode.window.activeTextEditor;
  if (editor && editor.document.languageId === 'dockerfile') {
    return editor;
  }
  void vscode.window.showInformationMessage('berth: open a Dockerfile first.');
  return undefined;
}

// execute runs a server command; failures the server reported itself are
// not shown twice. It never throws.
async function execute(command: string, arg: unknown): Promise<unknown> {
  const c = running();
  if (!c) {
    return undefined;
  }
  try {
    return await c.sendRequest(ExecuteCommandRequest.type, { command, arguments: [arg] });
  } catch (err) {
    output.appendLine(`berth: ${command}: ${errorText(err)}`);
    if (!(err instanceof ResponseError && err.code === requestFailed)) {
      void vscode.window.showErrorMessage(`berth: ${command} failed: ${errorText(err)}`);
    }
    return undefined;
  }
}

// executeWithProgress runs a long server command (build, pull, pin) under
// a notification with a Cancel button: the request carries a work-done
// token, the server reports its steps on it, and Cancel cancels the
// command. It never throws.
async function executeWithProgress(title: string, command: string, arg: unknown): Promise<unknown> {
  const c = running();
  if (!c) {
    return undefined;
  }
  const token = `berth-${Date.now()}-${Math.random().toString(36).slice(2)}`;
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title, cancellable: true },
    async (progress, cancel) => {
      let done = 0;
      const reports = c.onProgress(WorkDoneProgress.type, token, (v) => {
        if (v.kind === 'end') {
          return;
        }
        let increment: number | undefined;
        if (typeof v.percentage === 'number' && v.percentage > done) {
          increment = v.percentage - done;
          done = v.percentage;
        }
        progress.report({ message: v.message, increment });
      });
      const cancelled = cancel.onCancellationRequested(() => {
        void c.sendNotification(WorkDoneProgressCancelNotification.type, { token }).catch(() => undefined);
      });
      try {
        return await c.sendRequest(ExecuteCommandRequest.type, { command, arguments: [arg], workDoneToken: token });
      } catch (err) {
        output.appendLine(`berth: ${command}: ${errorText(err)}`);
        if (!(err instanceof ResponseError && err.code === requestFailed) && !cancel.isCancellationRequested) {
          void vscode.window.showErrorMessage(`berth: ${command} failed: ${errorText(err)}`);
        }
        return undefined;
      } finally {
        reports.dispose();
        cancelled.dispose();
      }
    },
  );
}

// stageNames lists the named stages (FROM ... AS name) of a Dockerfile.
function stageNames(text: string): string[] {
  const names: string[] = [];
  const from = /^[ \t]*FROM[ \t]+(?:--\S+[ \t]+)*\S+[ \t]+AS[ \t]+([^\s#]+)/gim;
  for (const m of text.matchAll(from)) {
    if (!names.includes(m[1])) {
      names.push(m[1]);
    }
  }
  return names;
}

function isFrom(line: string): boolean {
  return /^[ \t]*FROM[ \t]/i.test(line);
}

async function buildImage(): Promise<void> {
  const editor = dockerfile();
  if (!editor || !running()) {
    return;
  }
  const tag = await vscode.window.showInputBox({
    title: 'berth: Build image',
    prompt: 'The tag of the image (empty: the berth.build.tag setting, or a name made from the folder and file)',
    placeHolder: 'name:tag',
    value: vscode.workspace.getConfiguration('berth').get<string>('build.tag', ''),
    ignoreFocusOut: true,
  });
  if (tag === undefined) {
    return;
  }
  const t = tag.trim();
  await executeWithProgress(`berth: Building ${t || 'the image'}`, 'berth.build', {
    uri: editor.document.uri.toString(),
    ...(t ? { tag: t } : {}),
  });
}

async function buildStage(): Promise<void> {
  const editor = dockerfile();
  if (!editor || !running()) {
    return;
  }
  const stages = stageNames(editor.document.getText());
  if (stages.length === 0) {
    void vscode.window.showInformationMessage('berth: this Dockerfile has no named stage (FROM ... AS name).');
    return;
  }
  const target = await vscode.window.showQuickPick(stages, { title: 'berth: Build stage', placeHolder: 'The stage to build' });
  if (target === undefined) {
    return;
  }
  await executeWithProgress(`berth: Building stage ${target}`, 'berth.build', { uri: editor.document.uri.toString(), target });
}

// pullImage pulls the base image of the FROM under the cursor, as the
// server resolves it (build arguments, platform): it runs the server's own
// "Pull ..." code action for that line.
async function pullImage(): Promise<void> {
  const editor = dockerfile();
  const c = editor && running();
  if (!editor || !c) {
    return;
  }
  const line = editor.selection.active.line;
  let actions: (Command | CodeAction)[] | null = null;
  try {
    actions = await c.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: editor.document.uri.toString() },
      range: { start: { line, character: 0 }, end: { line, character: editor.document.lineAt(line).text.length } },
      context: { diagnostics: [] },
    });
  } catch (err) {
    output.appendLine(`berth: code actions: ${errorText(err)}`);
  }
  for (const a of actions ?? []) {
    const cmd = typeof a.command === 'string' ? (a as Command) : (a as CodeAction).command;
    if (cmd && cmd.command === 'berth.pull') {
      await executeWithProgress(`berth: ${cmd.title}`, 'berth.pull', cmd.arguments?.[0]);
      return;
    }
  }
  void vscode.window.showInformationMessage('berth: put the cursor on a FROM line with an image to pull.');
}

async function pinImages(): Promise<void> {
  const editor = dockerfile();
  if (!editor || !running()) {
    return;
  }
  const uri = editor.document.uri.toString();
  const line = editor.selection.active.line;
  if (isFrom(editor.document.lineAt(line).text)) {
    const choice = await vscode.window.showQuickPick(['This FROM', 'Every FROM'], { title: 'berth: Pin base images to digests' });
    if (choice === undefined) {
      return;
    }
    if (choice === 'This FROM') {
      await executeWithProgress('berth: Pinning the base image', 'berth.pin', { uri, line });
      return;
    }
  }
  await executeWithProgress('berth: Pinning the base images', 'berth.pin', { uri });
}

async function fixAll(): Promise<void> {
  const editor = dockerfile();
  if (!editor) {
    return;
  }
  await execute('berth.applyFixes', { uri: editor.document.uri.toString() });
}

export function activate(context: vscode.ExtensionContext): Promise<void> {
  extensionContext = context;
  output = vscode.window.createOutputChannel('berth', { log: true });
  const guard = (f: () => Promise<void>) => async () => {
    try {
      await f();
    } catch (err) {
      output.appendLine(`berth: ${errorText(err)}`);
      void vscode.window.showErrorMessage(`berth: ${errorText(err)}`);
    }
  };
  context.subscriptions.push(
    output,
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration('berth')) {
        return;
      }
      // A new path, or any change after a failed start, starts the server
      // (again); otherwise the running server takes the new settings.
      if (e.affectsConfiguration('berth.path') || !client || client.state !== State.Running) {
        void restart();
        return;
      }
      void client
        .sendNotification('workspace/didChangeConfiguration', { settings: { berth: settings() } })
        .catch((err: unknown) => output.appendLine(`berth: didChangeConfiguration: ${errorText(err)}`));
    }),
    vscode.commands.registerCommand('berth.restart', guard(restart)),
    vscode.commands.registerCommand('berth.showOutput', () => output.show(true)),
    vscode.commands.registerCommand('berth.fixAll', guard(fixAll)),
    vscode.commands.registerCommand('berth.buildImage', guard(buildImage)),
    vscode.commands.registerCommand('berth.buildStage', guard(buildStage)),
    vscode.commands.registerCommand('berth.pullImage', guard(pullImage)),
    vscode.commands.registerCommand('berth.pinImages', guard(pinImages)),
  );
  return serialize(start);
}

export function deactivate(): Promise<void> | undefined {
  const c = client;
  client = undefined;
  return c ? dispose(c) : undefined;
}
