// Package labels checks the values of labels by their schema type (URL,
// RFC 3339 date-time, SPDX expression with the SPDX lists, git hash,
// semantic version, e-mail address), for the rules that check a label
// schema (DL3052-DL3058).
package labels
