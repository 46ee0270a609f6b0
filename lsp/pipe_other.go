//go:build !linux

package lsp

// growPipes is a no-op where pipe buffers cannot be resized.
func growPipes(...any) {}
