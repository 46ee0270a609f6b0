// Package source implements berth's editor features over a lint.Document:
// hover, completion, outline, folding, navigation, rename, links, signature
// help, semantic tokens, on-type formatting, selection ranges, inlay hints,
// stage lenses and workspace symbols. Every feature reads one index of the
// document's symbols, built once per document (lint.Document.Memo).
//
// It knows nothing of the Language Server Protocol: positions are byte
// offsets into Document.File.Src and results are plain structs. The lsp
// package converts positions (one mapper, UTF-16 or UTF-8) and types.
// Every function is pure: it reads the immutable Document and may be called
// concurrently. None of them fails on half-typed input; they return nothing
// useful instead.
//
// Text for people (instruction and flag documentation, hover phrases) is
// English, or Spanish when the client's locale starts with "es". The
// documentation lives in docs/{en,es} as Markdown.
//
// Complete expects to be asked again as the user types: the characters
// that open a new context are '$' and '{' (variables), '-' (flags), '='
// and ',' (flag and mount values), ' ' (the word after a keyword) and '#'
// (directives); an item with Retrigger set ends where a value starts.
package source
