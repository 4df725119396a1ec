package main

import (
	"archive/zip"
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tillvaxtverket/villkorsintag/internal/testenv"
)

// The corpus run reads every file of a folder of public Word files (kept
// outside the repository, never committed) with the built binary's
// `read --json`, one child process per file under a timeout. It fails on a
// crash (a panic, an exit status other than 0 and 2, output that is not the
// documented JSON), a timeout, or a refusal for a reason a real document
// must not get (a limit or work budget: any kind outside refusedAsStatus).
// A refusal for what the file is (encrypted, .doc, damaged, …) is a status.
//
// Folder: $VILLKORSINTAG_CORPUS, else ../shared/corpus/word-external/docs
// beside the repository (where CI puts it).
// Timeout per file: $VILLKORSINTAG_CORPUS_TIMEOUT (a Go duration; 30s).

// refusedAsStatus are the refusal kinds that describe the file itself.
var refusedAsStatus = map[string]bool{
	"empty": true, "not_zip": true, "doc": true, "ole": true, "encrypted": true, "pdf": true, "rtf": true,
	"odt": true, "flat_xml": true, "html": true, "docm": true, "not_docx": true, "corrupt": true,
}

// expectedRefusal are files refused for a reason that is right for them
// although it is not a status in general.
var expectedRefusal = map[string]string{
	// an XXE test: a DOCTYPE with an external entity, which Word refuses too
	"poi__ExternalEntityInText.docx": "unsafe",
}

func corpusFolder(t *testing.T) string {
	candidates := []string{os.Getenv("VILLKORSINTAG_CORPUS"),
		filepath.Join("..", "..", "..", "shared", "corpus", "word-external", "docs")}
	for _, c := range candidates {
		if st, err := os.Stat(c); c != "" && err == nil && st.IsDir() {
			return c
		}
	}
	testenv.Skip(t, "corpus run skipped: no folder of public Word files (set VILLKORSINTAG_CORPUS or put shared/corpus/word-external/docs beside the repository)")
	return ""
}

type corpusResult struct {
	file, status, detail string
	elapsed              time.Duration
	failed               bool
}

func TestCorpusRun(t *testing.T) {
	dir := corpusFolder(t)
	timeout := 30 * time.Second
	if s := os.Getenv("VILLKORSINTAG_CORPUS_TIMEOUT"); s != "" {
		d, err := time.ParseDuration(s)
		if err != nil {
			t.Fatalf("VILLKORSINTAG_CORPUS_TIMEOUT: %v", err)
		}
		timeout = d
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.docx"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no .docx files in %s (%v)", dir, err)
	}
	sort.Strings(files)
	producers := readManifest(filepath.Join(dir, "..", "manifest.tsv"))

	bin := filepath.Join(t.TempDir(), "villkorsintag")
	build := exec.Command("go", "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}

	start := time.Now()
	results := make([]corpusResult, len(files))
	var wg sync.WaitGroup
	next := make(chan int)
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				results[i] = readOne(bin, files[i], timeout)
			}
		}()
	}
	for i := range files {
		next <- i
	}
	close(next)
	wg.Wait()
	total := time.Since(start)

	counts := map[string]int{}
	var failures, refusals []string
	for _, r := range results {
		counts[r.status]++
		who := r.file
		if p := producers[r.file]; p != "" {
			who += " (" + p + ")"
		}
		switch {
		case r.failed:
			failures = append(failures, fmt.Sprintf("%s: %s: %s", who, r.status, r.detail))
		case strings.HasPrefix(r.status, "refused:"):
			mark := " "
			if wordLike(filepath.Join(dir, r.file)) {
				// its main part is well-formed WordprocessingML, which
				// other readers open: worth a look
				mark = "*"
			}
			refusals = append(refusals, fmt.Sprintf("%s %s: %s: %s", mark, who, r.status, r.detail))
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "corpus run: %d files in %s, %v (2 at a time, timeout %v per file)\n", len(files), dir, total.Round(time.Millisecond), timeout)
	statuses := make([]string, 0, len(counts))
	for s := range counts {
		statuses = append(statuses, s)
	}
	sort.Strings(statuses)
	for _, s := range statuses {
		fmt.Fprintf(&b, "  %-22s %4d\n", s, counts[s])
	}
	slow := slices.Clone(results)
	sort.Slice(slow, func(i, j int) bool { return slow[i].elapsed > slow[j].elapsed })
	fmt.Fprintf(&b, "slowest:\n")
	for _, r := range slow[:min(10, len(slow))] {
		fmt.Fprintf(&b, "  %8.1f ms  %s (%s)\n", float64(r.elapsed.Microseconds())/1000, r.file, r.status)
	}
	if len(refusals) > 0 {
		fmt.Fprintf(&b, "refused (* = word/document.xml is well-formed WordprocessingML):\n")
		for _, s := range refusals {
			fmt.Fprintf(&b, "  %s\n", s)
		}
	}
	testenv.Report(b.String())
	for _, f := range failures {
		t.Error(f)
	}
}

// readOne runs `read --json FILE` in a child process.
func readOne(bin, file string, timeout time.Duration) corpusResult {
	res := corpusResult{file: filepath.Base(file)}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "read", "--json", file)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	t0 := time.Now()
	err := cmd.Run()
	res.elapsed = time.Since(t0)
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		res.status, res.detail, res.failed = "error", err.Error(), true
		return res
	}
	errText := stderr.String()
	switch {
	case ctx.Err() != nil:
		res.status, res.detail, res.failed = "timeout", fmt.Sprintf("no answer in %v", timeout), true
	case strings.Contains(errText, "panic:") || strings.Contains(errText, "goroutine "):
		res.status, res.detail, res.failed = "panic", firstLine(errText), true
	case code == 0:
		var v struct {
			Blocks []json.RawMessage `json:"blocks"`
			Facts  *json.RawMessage  `json:"facts"`
		}
		if err := json.Unmarshal(stdout.Bytes(), &v); err != nil || v.Blocks == nil || v.Facts == nil {
			res.status, res.detail, res.failed = "bad_json", fmt.Sprintf("%v: %.100q", err, stdout.String()), true
			break
		}
		res.status = "read"
	case code == 2:
		var r struct {
			Error struct{ Kind, Reason string } `json:"error"`
		}
		if err := json.Unmarshal(stdout.Bytes(), &r); err != nil || r.Error.Kind == "" {
			res.status, res.detail, res.failed = "failed", firstLine(errText), true
			break
		}
		res.status, res.detail = "refused:"+r.Error.Kind, r.Error.Reason
		res.failed = !refusedAsStatus[r.Error.Kind] && expectedRefusal[res.file] != r.Error.Kind
	default:
		res.status, res.detail, res.failed = "exit "+strconv.Itoa(code), firstLine(errText), true
	}
	return res
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	return s
}

// wordLike tells whether a file is a zip whose word/document.xml is
// well-formed XML with a w:document root.
func wordLike(path string) bool {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return false
	}
	defer zr.Close()
	for _, f := range zr.File {
		if f.Name != "word/document.xml" {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return false
		}
		defer rc.Close()
		d := xml.NewDecoder(io.LimitReader(rc, 64<<20))
		root := ""
		for {
			tok, err := d.Token()
			if err == io.EOF {
				return root == "document"
			}
			if err != nil {
				return false
			}
			if se, ok := tok.(xml.StartElement); ok && root == "" {
				root = se.Name.Local
			}
		}
	}
	return false
}

// readManifest maps file names to their producer (manifest.tsv: file,
// source, producer, …); a missing manifest gives an empty map.
func readManifest(path string) map[string]string {
	m := map[string]string{}
	f, err := os.Open(path)
	if err != nil {
		return m
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) >= 3 {
			m[cols[0]] = cols[2]
		}
	}
	return m
}
