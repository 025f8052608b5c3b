// gopeer: the Go peer of the benchmark harness (scripts/bench.sh). It sends N POSTs with one body and
// one set of headers over Go's net/http (HTTP/2 over TLS, trusting the given CA), from C goroutines that
// each send their next request as soon as the previous one is answered, and checks every answer's status.
//
//	gopeer -url https://127.0.0.1:PORT/v2/payment_links -ca ca.pem -n 1000 -c 32 \
//	       -body body.json -headers headers.txt
//
// headers.txt holds one "Name: value" per line. A header named X-Qonto-Idempotency-Key gets a fresh
// random UUID per request, as paylink sends one. Prints one line: requests, failures, seconds, requests/s,
// the protocol of the first answer. Exit status 1 when any request failed.
package main

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

const idempotencyHeader = "X-Qonto-Idempotency-Key"

func uuid4() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err)
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "gopeer: "+format+"\n", args...)
	os.Exit(2)
}

func main() {
	url := flag.String("url", "", "the URL to POST to")
	caFile := flag.String("ca", "", "PEM file of the CA to trust")
	n := flag.Int("n", 1000, "number of requests")
	c := flag.Int("c", 32, "requests in flight (goroutines)")
	bodyFile := flag.String("body", "", "file holding the request body")
	headersFile := flag.String("headers", "", "file of request headers, one \"Name: value\" per line")
	flag.Parse()
	if *url == "" || *caFile == "" || *bodyFile == "" || *headersFile == "" || *n < 1 || *c < 1 {
		fail("usage: gopeer -url URL -ca CA.pem -body FILE -headers FILE [-n N] [-c C]")
	}

	pem, err := os.ReadFile(*caFile)
	if err != nil {
		fail("%v", err)
	}
	roots := x509.NewCertPool()
	if !roots.AppendCertsFromPEM(pem) {
		fail("%s holds no PEM certificate", *caFile)
	}
	body, err := os.ReadFile(*bodyFile)
	if err != nil {
		fail("%v", err)
	}
	headerText, err := os.ReadFile(*headersFile)
	if err != nil {
		fail("%v", err)
	}
	type header struct{ name, value string }
	var headers []header
	scanner := bufio.NewScanner(bytes.NewReader(headerText))
	for scanner.Scan() {
		line := strings.TrimSpace(scanner.Text())
		if line == "" {
			continue
		}
		name, value, found := strings.Cut(line, ":")
		if !found {
			fail("%s: %q is not \"Name: value\"", *headersFile, line)
		}
		headers = append(headers, header{strings.TrimSpace(name), strings.TrimSpace(value)})
	}

	// A custom TLS configuration turns HTTP/2 off unless asked for: ask for it.
	client := &http.Client{Transport: &http.Transport{
		TLSClientConfig:     &tls.Config{RootCAs: roots},
		ForceAttemptHTTP2:   true,
		MaxIdleConnsPerHost: *c,
	}}

	var next, failed int64
	var protocol atomic.Value
	var wg sync.WaitGroup
	started := time.Now()
	for g := 0; g < *c; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for atomic.AddInt64(&next, 1) <= int64(*n) {
				req, err := http.NewRequest(http.MethodPost, *url, bytes.NewReader(body))
				if err != nil {
					fail("%v", err)
				}
				for _, h := range headers {
					if strings.EqualFold(h.name, idempotencyHeader) {
						req.Header.Set(h.name, uuid4())
					} else {
						req.Header.Set(h.name, h.value)
					}
				}
				resp, err := client.Do(req)
				if err != nil {
					atomic.AddInt64(&failed, 1)
					fmt.Fprintf(os.Stderr, "gopeer: %v\n", err)
					continue
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				protocol.CompareAndSwap(nil, resp.Proto)
				if resp.StatusCode < 200 || resp.StatusCode > 299 {
					atomic.AddInt64(&failed, 1)
				}
			}
		}()
	}
	wg.Wait()
	seconds := time.Since(started).Seconds()
	proto, _ := protocol.Load().(string)
	fmt.Printf("requests %d failed %d seconds %.3f rps %.1f protocol %s\n", *n, failed, seconds,
		float64(*n)/seconds, proto)
	if failed > 0 {
		os.Exit(1)
	}
}
