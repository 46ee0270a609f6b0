package labels

func isAlpha(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func isNameChar(c byte) bool { return c == '_' || isAlpha(c) || c >= '0' && c <= '9' }
