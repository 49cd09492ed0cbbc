// Command pause is the sandbox (infra) container of the local cluster's real node: it holds the
// pod's namespaces, reaps the zombies of the processes that share its PID namespace, and exits on
// SIGTERM or SIGINT. The usual image (registry.k8s.io/pause) cannot be pulled here, so
// e2e/bin/cluster builds this one and imports it into the node's containerd.
package main

import (
	"os"
	"os/signal"
	"syscall"
)

func main() {
	signals := make(chan os.Signal, 8)
	signal.Notify(signals, syscall.SIGTERM, syscall.SIGINT, syscall.SIGCHLD)
	for s := range signals {
		if s != syscall.SIGCHLD {
			os.Exit(0)
		}
		for {
			var status syscall.WaitStatus
			pid, err := syscall.Wait4(-1, &status, syscall.WNOHANG, nil)
			if pid <= 0 || err != nil {
				break
			}
		}
	}
}
