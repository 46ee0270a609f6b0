package rules

// Byte classes of the names rules check (label keys, variable names, e-mail
// addresses). syntax.Literal and syntax.VarRefs read Dockerfile words.

func isAlpha(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func isNameChar(c byte) bool { return c == '_' || isAlpha(c) || c >= '0' && c <= '9' }
