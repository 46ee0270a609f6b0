// Package syntax turns the bytes of a Dockerfile into a tree of instructions
// with a byte range for every token: keywords, flags (name and value),
// arguments, JSON-form elements, key=value pairs, heredoc bodies, directives
// and comments.
//
// The file is split into logical instructions here (escape character, line
// continuations, comments inside continuations, heredocs), and each
// instruction is then handed on its own to BuildKit's parser, memoized by its
// text. One malformed instruction therefore becomes one error instead of an
// unparseable file, and an edit re-parses only the instructions it touched.
//
// Parse never fails and never panics: whatever the input, it returns a File
// and a list of errors with ranges.
package syntax
