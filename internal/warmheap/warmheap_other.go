//go:build !linux

package warmheap

import "errors"

func init() { Err = errors.New("warmheap: not on Linux") }
