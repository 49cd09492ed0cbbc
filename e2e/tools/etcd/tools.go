//go:build tools

// Package tools pins the etcd server e2e/bin/cluster builds; it is never compiled itself.
package tools

import (
	_ "go.etcd.io/etcd/server/v3"
)
