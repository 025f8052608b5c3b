// delayproxy: a TCP proxy on loopback that delays every chunk of bytes by a fixed time in each
// direction, to give a loopback benchmark a network's round trip (the kernel here has no netem).
//
//	delayproxy -listen 127.0.0.1:0 -target 127.0.0.1:8443 -delay 25ms
//
// It prints "listening on HOST:PORT" once it accepts connections. Each direction of each connection
// has its own queue: a reader stamps every chunk with the time it arrived and queues it at once, and a
// writer sends it when its stamp plus the delay has passed. So chunks keep their order, each is held
// exactly the delay (plus scheduling), and a stream of chunks is delayed, not slowed: throughput is not
// serialised behind one sleep per read. TLS and HTTP/2 pass through untouched. The TCP handshake
// itself is not delayed (the proxy accepts at once), so opening a connection costs one round trip less
// than on a real network.
package main

import (
	"flag"
	"fmt"
	"log"
	"net"
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"
	"time"
)

type chunk struct {
	data []byte
	due  time.Time
}

// pipe copies src to dst, each chunk `delay` after it was read. When src ends, the chunks already read
// are still delivered, then dst's write side is closed (a half-close, as a direct connection would do).
func pipe(src, dst *net.TCPConn, delay time.Duration, done chan<- struct{}) {
	queue := make(chan chunk, 4096)
	go func() {
		defer close(queue)
		for {
			buf := make([]byte, 64*1024)
			n, err := src.Read(buf)
			if n > 0 {
				queue <- chunk{buf[:n], time.Now().Add(delay)}
			}
			if err != nil {
				return
			}
		}
	}()
	for c := range queue {
		if wait := time.Until(c.due); wait > 0 {
			time.Sleep(wait)
		}
		if _, err := dst.Write(c.data); err != nil {
			break
		}
	}
	for range queue { // the writer failed: let the reader finish
	}
	dst.CloseWrite()
	done <- struct{}{}
}

func main() {
	listen := flag.String("listen", "127.0.0.1:0", "address to listen on (port 0: any free port)")
	target := flag.String("target", "", "address to forward to, HOST:PORT")
	delay := flag.Duration("delay", 25*time.Millisecond, "delay added in each direction")
	flag.Parse()
	if *target == "" {
		fmt.Fprintln(os.Stderr, "usage: delayproxy -target HOST:PORT [-listen HOST:PORT] [-delay 25ms]")
		os.Exit(2)
	}
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		log.Fatalf("delayproxy: %v", err)
	}
	fmt.Printf("listening on %s\n", ln.Addr())
	os.Stdout.Sync()

	var accepted int64
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM, syscall.SIGINT)
	go func() {
		<-stop
		fmt.Fprintf(os.Stderr, "delayproxy: %d connections accepted\n", atomic.LoadInt64(&accepted))
		os.Exit(0)
	}()

	for {
		conn, err := ln.Accept()
		if err != nil {
			log.Fatalf("delayproxy: accept: %v", err)
		}
		atomic.AddInt64(&accepted, 1)
		go func(client *net.TCPConn) {
			defer client.Close()
			upstream, err := net.Dial("tcp", *target)
			if err != nil {
				log.Printf("delayproxy: dial %s: %v", *target, err)
				return
			}
			server := upstream.(*net.TCPConn)
			defer server.Close()
			client.SetNoDelay(true)
			server.SetNoDelay(true)
			done := make(chan struct{}, 2)
			go pipe(client, server, *delay, done)
			go pipe(server, client, *delay, done)
			<-done
			<-done
		}(conn.(*net.TCPConn))
	}
}
