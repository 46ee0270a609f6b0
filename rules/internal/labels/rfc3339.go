package labels

import (
	"strings"
	"time"
)

func ValidRFC3339(s string) bool {
	// RFC 3339 allows lower-case "t" and "z".
	_, err := time.Parse(time.RFC3339, strings.ToUpper(s))
	return err == nil
}
