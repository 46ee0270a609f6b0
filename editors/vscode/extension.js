// berth for VS Code: starts "berth lsp" for Dockerfiles through
// vscode-languageclient. Plain JavaScript, no build step.
'use strict';

const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

let client;

// settings returns berth's settings as the server reads them.
function settings() {
  const c = vscode.workspace.getConfiguration('berth');
  const s = {
    ignore: c.get('ignore', []),
    enable: c.get('enable', []),
    severity: c.get('severity', {}),
    debounceMs: c.get('debounceMs', 30),
    configFile: c.get('configFile', ''),
    docker: { host: c.get('docker.host', '') },
    build: {
      context: c.get('build.context', ''),
      tag: c.get('build.tag', ''),
      args: c.get('build.args', {}),
      network: c.get('build.network', 'default'),
      noCache: c.get('build.noCache', false),
      builder: c.get('build.builder', ''),
    },
  };
  const shellcheck = c.get('shellcheck', null);
  if (shellcheck !== null) {
    s.shellcheck = shellcheck;
  }
  return s;
}

function start(context) {
  const command = vscode.workspace.getConfiguration('berth').get('path', 'berth');
  const serverOptions = {
    run: { command, args: ['lsp'], transport: TransportKind.stdio },
    debug: { command, args: ['lsp', '-v'], transport: TransportKind.stdio },
  };
  const clientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'dockerfile' },
      { scheme: 'untitled', language: 'dockerfile' },
    ],
    initializationOptions: settings(),
    synchronize: {
      fileEvents: vscode.workspace.createFileSystemWatcher('**/.{berth,hadolint}.{yaml,yml}'),
    },
  };
  client = new LanguageClient('berth', 'berth', serverOptions, clientOptions);
  return client.start();
}

function activate(context) {
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!client) {
        return;
      }
      if (e.affectsConfiguration('berth.path')) {
        client.stop().then(() => start(context));
      } else if (e.affectsConfiguration('berth')) {
        client.sendNotification('workspace/didChangeConfiguration', { settings: { berth: settings() } });
      }
    }),
    vscode.commands.registerCommand('berth.restart', () => (client ? client.stop() : Promise.resolve()).then(() => start(context))),
    // The server's command is berth.applyFixes (registered by the client
    // from the server's capabilities); this is its editor-facing front.
    vscode.commands.registerTextEditorCommand('berth.fixAll', (editor) =>
      client.sendRequest('workspace/executeCommand', {
        command: 'berth.applyFixes',
        arguments: [{ uri: editor.document.uri.toString() }],
      }),
    ),
  );
  return start(context);
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
