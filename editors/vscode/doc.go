// Package vscode holds the VS Code extension (package.json, src/) and its
// end-to-end test, vscode_test.go, which runs test/e2e.mjs against a real
// VS Code (code-server) in headless Chromium. gen/ generates the
// extension's settings schema from lsp.Settings.
package vscode
