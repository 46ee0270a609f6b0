// Package bytecache is a concurrency-safe memo table bounded by the bytes
// of its keys' text: when full it starts afresh. The parse caches of the
// syntax layer and of the shell models use it.
package bytecache

import "sync"

// Cache maps keys to values, holding at most Limit bytes of key text.
type Cache[K comparable, V any] struct {
	mu    sync.RWMutex
	m     map[K]V
	bytes int
	limit int
}

// New returns a cache bounded to limit bytes.
func New[K comparable, V any](limit int) *Cache[K, V] {
	return &Cache[K, V]{m: map[K]V{}, limit: limit}
}

// Get returns the value stored under k.
func (c *Cache[K, V]) Get(k K) (V, bool) {
	c.mu.RLock()
	v, ok := c.m[k]
	c.mu.RUnlock()
	return v, ok
}

// Put stores v under k, whose text is size bytes long, and returns v. A
// key larger than the whole cache is not stored.
func (c *Cache[K, V]) Put(k K, size int, v V) V {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.bytes+size > c.limit {
		if size > c.limit {
			return v
		}
		clear(c.m)
		c.bytes = 0
	}
	c.m[k] = v
	c.bytes += size
	return v
}

// SetLimit changes the bound and empties the cache.
func (c *Cache[K, V]) SetLimit(limit int) {
	c.mu.Lock()
	c.limit = limit
	clear(c.m)
	c.bytes = 0
	c.mu.Unlock()
}
