// Package lsp is berth's language server: a thin adapter between the
// Language Server Protocol (go.lsp.dev/protocol) and package lint, in the
// manner of gopls' server layer.
//
// Open documents become immutable snapshots (URI, version, text, parsed
// document, diagnostics), computed once and read by every feature. One
// Mapper converts byte offsets to protocol positions (UTF-16, or UTF-8
// when the client offers it). Diagnostics carry their fixes in data, so
// code actions never re-lint and never know a rule by name. Notifications
// are handled in order on the connection's read loop; requests run
// concurrently and can be cancelled; a panicking handler becomes an error
// reply. Each method family has its own file, as in gopls.
package lsp
