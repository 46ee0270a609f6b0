package bytecache

import "testing"

func TestBound(t *testing.T) {
	c := New[string, int](10)
	c.Put("abcd", 4, 1)
	c.Put("efgh", 4, 2)
	if v, ok := c.Get("abcd"); !ok || v != 1 {
		t.Fatalf("lost an entry within the bound")
	}
	c.Put("ijkl", 4, 3) // 12 bytes: the cache starts afresh
	if _, ok := c.Get("abcd"); ok {
		t.Error("cache grew past its bound")
	}
	if v, ok := c.Get("ijkl"); !ok || v != 3 {
		t.Error("new entry missing")
	}
	if c.Put("much too long", 13, 4); len(c.m) != 1 {
		t.Error("an entry larger than the cache was stored")
	}
	c.SetLimit(100)
	if _, ok := c.Get("ijkl"); ok {
		t.Error("SetLimit kept entries")
	}
}
