package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// The load generator sends real HTTP requests over many connections from a process of its
// own, so that the CPU it spends sending and reading is not counted as the server's: a round's
// server cost is the machine's CPU time over the round less the generator's own, read from
// its resource usage once it has exited.

// loadEnv, set in a process's environment, makes it the load generator (LoadMain).
const loadEnv = "STEADY_BENCH_LOAD"

// LoadMain runs the load generator and exits when the process was started as one; otherwise
// it returns at once. cmd/steady-bench and the package's tests call it first thing.
func LoadMain() {
	if os.Getenv(loadEnv) == "" {
		return
	}
	if err := generate(os.Stdin, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "steady-bench load:", err)
		os.Exit(1)
	}
	os.Exit(0)
}

// loadJob is what the generator is asked to send: every request once, Conns at a time.
type loadJob struct {
	URL      string        `json:"url"`
	Conns    int           `json:"conns"`
	Requests []loadRequest `json:"requests"`
}

// loadRequest is one request and the status that counts as success.
type loadRequest struct {
	Method  string            `json:"method"`
	Path    string            `json:"path"`
	Headers map[string]string `json:"headers,omitempty"`
	Body    string            `json:"body,omitempty"`
	Want    int               `json:"want"`
}

// loadResult is what the generator saw: the latency of every request that succeeded, the
// failures (with the first one's answer) and the round's wall time.
type loadResult struct {
	Latencies    []time.Duration `json:"latencies"`
	Failed       int             `json:"failed"`
	FirstFailure string          `json:"first_failure,omitempty"`
	Wall         time.Duration   `json:"wall"`
	CPU          time.Duration   `json:"-"` // the generator's own, filled in by its parent
}

func generate(in io.Reader, out io.Writer) error {
	var job loadJob
	if err := json.NewDecoder(in).Decode(&job); err != nil {
		return err
	}
	client := &http.Client{Timeout: time.Minute, Transport: &http.Transport{
		MaxConnsPerHost: job.Conns, MaxIdleConnsPerHost: job.Conns, DisableCompression: true}}
	lat := make([]time.Duration, len(job.Requests))
	var next, failed atomic.Int64
	var first sync.Once
	var firstFailure string
	var wg sync.WaitGroup
	start := time.Now()
	for range job.Conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := next.Add(1) - 1; i < int64(len(job.Requests)); i = next.Add(1) - 1 {
				t0 := time.Now()
				if why := send(client, job.URL, job.Requests[i]); why != "" {
					lat[i] = -1
					failed.Add(1)
					first.Do(func() { firstFailure = why })
					continue
				}
				lat[i] = time.Since(t0)
			}
		}()
	}
	wg.Wait()
	res := loadResult{Wall: time.Since(start), Failed: int(failed.Load()), FirstFailure: firstFailure}
	for _, d := range lat {
		if d >= 0 {
			res.Latencies = append(res.Latencies, d)
		}
	}
	return json.NewEncoder(out).Encode(res)
}

// send makes one request and reads the whole answer; it says why when it failed.
func send(client *http.Client, base string, r loadRequest) string {
	req, err := http.NewRequest(r.Method, base+r.Path, strings.NewReader(r.Body))
	if err != nil {
		return err.Error()
	}
	for k, v := range r.Headers {
		req.Header.Set(k, v)
	}
	res, err := client.Do(req)
	if err != nil {
		return err.Error()
	}
	body, err := io.ReadAll(res.Body)
	res.Body.Close()
	if err != nil {
		return err.Error()
	}
	if res.StatusCode != r.Want {
		return fmt.Sprintf("%s %s: %d %s", r.Method, r.Path, res.StatusCode, bytes.TrimSpace(body))
	}
	return ""
}

// load runs job in a generator process of this same program and returns what it saw, with
// the CPU time it used.
func load(ctx context.Context, job loadJob) (loadResult, error) {
	exe, err := os.Executable()
	if err != nil {
		return loadResult{}, err
	}
	in, err := json.Marshal(job)
	if err != nil {
		return loadResult{}, err
	}
	var out, errOut bytes.Buffer
	cmd := exec.CommandContext(ctx, exe)
	cmd.Env = append(os.Environ(), loadEnv+"=1")
	cmd.Stdin, cmd.Stdout, cmd.Stderr = bytes.NewReader(in), &out, &errOut
	if err := cmd.Run(); err != nil {
		return loadResult{}, fmt.Errorf("load generator: %w: %s", err, errOut.String())
	}
	var res loadResult
	if err := json.Unmarshal(out.Bytes(), &res); err != nil {
		return loadResult{}, fmt.Errorf("load generator: %w", err)
	}
	res.CPU = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	return res, nil
}
