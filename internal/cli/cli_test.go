package cli

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tillvaxtverket/villkorsintag/internal/orgs"
	"github.com/tillvaxtverket/villkorsintag/internal/store"
)

func commandNames() []string {
	var names []string
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// noDefaultDB points the default database into a temporary folder, so
// that no test can touch ./data.
func noDefaultDB(t *testing.T) string {
	db := filepath.Join(t.TempDir(), "default", "v.db")
	t.Setenv("VILLKORSINTAG_DB", db)
	return db
}

// TestHelp: CMD --help, CMD -h and help CMD print the same help to stdout
// and exit 0, for every command; every flag the usage line names exists.
func TestHelp(t *testing.T) {
	noDefaultDB(t)
	for _, name := range commandNames() {
		t.Run(name, func(t *testing.T) {
			code, out, errOut := run(t, name, "--help")
			if code != ExitOK || errOut != "" {
				t.Fatalf("%s --help: exit %d, stderr %q", name, code, errOut)
			}
			if !strings.HasPrefix(out, "användning: villkorsintag "+name) || !strings.Contains(out, commands[name].summary) {
				t.Errorf("%s --help:\n%s", name, out)
			}
			for _, args := range [][]string{{name, "-h"}, {"help", name}} {
				code2, out2, errOut2 := run(t, args...)
				if code2 != ExitOK || out2 != out || errOut2 != "" {
					t.Errorf("%q: exit %d, stderr %q, stdout differs from --help: %v", args, code2, errOut2, out2 != out)
				}
			}
			listed := map[string]bool{}
			for _, m := range regexp.MustCompile(`(?m)^  --([a-z-]+)`).FindAllStringSubmatch(out, -1) {
				listed[m[1]] = true
			}
			for _, m := range regexp.MustCompile(`--([a-z-]+)`).FindAllStringSubmatch(commands[name].usage, -1) {
				if !listed[m[1]] {
					t.Errorf("usage names --%s, which the flag list lacks:\n%s", m[1], out)
				}
			}
			if regexp.MustCompile(`(?m)^ +-[a-z]`).MatchString(out) {
				t.Errorf("a flag shown with one dash:\n%s", out)
			}
		})
	}
}

// wrongUsage is, per command, arguments that are wrong and what the one
// line must say. Every command must have an entry.
var wrongUsage = map[string][][2]string{
	"assign":      {{"", "SUBMISSION ORGANISATION saknas"}, {"x dalarna", `"x" är inte ett inlämningsnummer`}, {"1 atlantis", `okänd organisation "atlantis"`}},
	"backup":      {{"", "FILE saknas"}, {"a b", `för många argument: "b"`}},
	"check":       {{"", "FILE saknas"}, {"a b c", `för många argument: "b" "c"`}, {"--template 2030 a", "ingen mall för 2030; det finns mallar för: 2023"}, {"--received igår a", `--received "igår" är inte en tid`}},
	"demo":        {{"x", `för många argument: "x"`}, {"--once=maybe", `ogiltigt värde "maybe" för --once: true eller false`}},
	"diff":        {{"vasterbotten", "V1 V2 saknas"}, {"vasterbotten 1 x", "versionerna anges med nummer"}},
	"healthcheck": {{"x", `för många argument: "x"`}, {"--addr nowhere", `--addr "nowhere"`}},
	"history":     {{"", "ORGANISATION saknas"}, {"--year 1999 dalarna", "ingen mall för 1999"}},
	"imap":        {{"", "underkommandot test saknas"}, {"probe", `okänt underkommando "probe"; det som finns är test`}, {"test x", `för många argument: "x"`}},
	"smtp":        {{"", "underkommandot test saknas"}, {"send", `okänt underkommando "send"; det som finns är test`}, {"test x", `för många argument: "x"`}},
	"ingest":      {{"", "PATH… saknas"}, {"--received igår x", `--received "igår" är inte en tid`}},
	"migrate":     {{"x", `för många argument: "x"`}},
	"read":        {{"", "FILE saknas"}, {"a b", `för många argument: "b"`}},
	"report":      {{"x", `för många argument: "x"`}, {"--format xml", `--format "xml": text, csv eller json`}, {"--year", "--year behöver ett värde"}, {"--year x", `ogiltigt värde "x" för --year: ett heltal krävs`}},
	"reprocess":   {{"", "ange antingen --all eller --submission ID"}, {"--all --submission 2", "ange antingen"}},
	"serve":       {{"x", `för många argument: "x"`}},
	"template":    {{"", "underkommandot saknas"}, {"remove", `okänt underkommando "remove"`}, {"check", "FILE.yaml saknas"}, {"list x", `för många argument: "x"`}, {"import", "FILE.docx saknas"}},
	"user":        {{"", "underkommandot add saknas"}, {"remove x", `okänt underkommando "remove"; det som finns är add`}, {"add", "USERNAME saknas"}, {"add --role chef x", `--role "chef"`}},
	"version":     {{"x", `för många argument: "x"`}},
}

// TestWrongUsage: an unknown flag and each command's wrong arguments print
// one line naming the problem, then the usage, to stderr, and exit 2.
func TestWrongUsage(t *testing.T) {
	db := noDefaultDB(t)
	for _, name := range commandNames() {
		cases := append([][2]string{{"--nope", "okänd flagga --nope"}}, wrongUsage[name]...)
		if len(wrongUsage[name]) == 0 {
			t.Errorf("%s: no wrong-usage cases in the table", name)
		}
		for _, tc := range cases {
			args := append([]string{name}, strings.Fields(tc[0])...)
			code, out, errOut := run(t, args...)
			lines := strings.SplitN(errOut, "\n", 3)
			switch {
			case code != ExitFailure || out != "":
				t.Errorf("%q: exit %d, stdout %q; want 2 and nothing", args, code, out)
			case len(lines) < 3 || lines[0] != "villkorsintag "+name+": "+tc[1] && !strings.HasPrefix(lines[0], "villkorsintag "+name+": "+tc[1]):
				t.Errorf("%q: first line %q, want %q", args, lines[0], "villkorsintag "+name+": "+tc[1])
			case !strings.HasPrefix(lines[1], "användning: villkorsintag "+name+" "):
				t.Errorf("%q: no usage after the problem:\n%s", args, errOut)
			}
		}
	}
	if _, err := os.Stat(filepath.Dir(db)); err == nil {
		t.Errorf("a wrong usage created %s", filepath.Dir(db))
	}
}

func TestMainUsage(t *testing.T) {
	for _, tc := range []struct {
		args      []string
		code      int
		toStdout  bool
		firstLine string
	}{
		{nil, ExitFailure, false, "villkorsintag: ange ett kommando"},
		{[]string{"--help"}, ExitOK, true, "användning: villkorsintag KOMMANDO [flaggor] [argument]"},
		{[]string{"-h"}, ExitOK, true, "användning: villkorsintag KOMMANDO [flaggor] [argument]"},
		{[]string{"help"}, ExitOK, true, "användning: villkorsintag KOMMANDO [flaggor] [argument]"},
		{[]string{"help", "nope"}, ExitFailure, false, `villkorsintag help: okänt kommando "nope"`},
		{[]string{"nope"}, ExitFailure, false, `villkorsintag: okänt kommando "nope"`},
		{[]string{"--version"}, ExitOK, true, "villkorsintag "},
	} {
		code, out, errOut := run(t, tc.args...)
		got, other := errOut, out
		if tc.toStdout {
			got, other = out, errOut
		}
		if code != tc.code || other != "" || !strings.HasPrefix(got, tc.firstLine) {
			t.Errorf("%q: exit %d, stdout %q, stderr %q", tc.args, code, out, errOut)
		}
	}
	// the command list is aligned: every summary starts in one column
	_, out, _ := run(t, "help")
	col := -1
	for _, l := range strings.Split(out, "\n") {
		if m := regexp.MustCompile(`^  [a-z]+ +`).FindString(l); m != "" {
			if col >= 0 && len(m) != col {
				t.Errorf("misaligned: %q", l)
			}
			col = len(m)
		}
	}
}

func TestVersion(t *testing.T) {
	code, out, _ := run(t, "version")
	if code != ExitOK {
		t.Fatal(code)
	}
	for _, want := range []string{"villkorsintag ", "\nrevision: ", "\ntid: ", "\nGo:       go1.", "\nmallar:   2023"} {
		if !strings.Contains(out, want) {
			t.Errorf("version lacks %q:\n%s", want, out)
		}
	}
}

// TestMissingDatabase: a database path that does not exist is an error
// for the commands that only read or change one; nothing is created.
func TestMissingDatabase(t *testing.T) {
	noDefaultDB(t)
	dir := t.TempDir()
	missing := filepath.Join(dir, "wrong", "path", "x.db")
	backup := filepath.Join(dir, "b.db")
	t.Setenv("VILLKORSINTAG_USER_PASSWORD", "ett-langt-losenord")
	for _, args := range [][]string{
		{"report", "--db", missing},
		{"history", "--db", missing, "dalarna"},
		{"diff", "--db", missing, "dalarna", "1", "2"},
		{"assign", "--db", missing, "1", "dalarna"},
		{"reprocess", "--db", missing, "--all"},
		{"backup", "--db", missing, backup},
		{"user", "add", "--db", missing, "anna"},
		{"user", "--db", missing, "add", "anna"},
	} {
		code, out, errOut := run(t, args...)
		want := "villkorsintag " + args[0]
		if args[0] == "user" {
			want += " add"
		}
		want += ": databasen " + missing + " finns inte"
		if code != ExitFailure || out != "" || !strings.HasPrefix(errOut, want) || strings.Count(errOut, "\n") != 1 {
			t.Errorf("%q: exit %d, stdout %q, stderr %q", args, code, out, errOut)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "wrong")); err == nil {
		t.Error("a folder was created for the missing database")
	}
	for _, args := range [][]string{{"migrate", "--db", missing}, {"ingest", "--db", missing + "2", "../../testdata/mail/skane-late.eml"}} {
		db := args[2]
		code, _, errOut := run(t, args...)
		if code != ExitOK || !strings.Contains(errOut, "villkorsintag "+args[0]+": ny databas skapad: "+db) {
			t.Errorf("%q: exit %d, stderr %q", args, code, errOut)
		}
		if _, err := os.Stat(db); err != nil {
			t.Errorf("%q: %v", args, err)
		}
		// the second time it is not new
		if _, _, errOut := run(t, args...); strings.Contains(errOut, "ny databas") {
			t.Errorf("%q again: %s", args, errOut)
		}
	}
}

func TestBackupTargets(t *testing.T) {
	noDefaultDB(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "v.db")
	run(t, "migrate", "--db", db)
	code, _, errOut := run(t, "backup", "--db", db, filepath.Join(dir, "nope", "b.db"))
	if code != ExitFailure || errOut != "villkorsintag backup: mappen "+filepath.Join(dir, "nope")+" finns inte; skapa den först\n" {
		t.Errorf("missing folder: exit %d, %q", code, errOut)
	}
	code, _, errOut = run(t, "backup", "--db", db, db)
	if code != ExitFailure || !strings.Contains(errOut, "finns redan") {
		t.Errorf("existing file: exit %d, %q", code, errOut)
	}
}

func TestSingularCounts(t *testing.T) {
	if got := counts(1, 1, 1); got != "1 fel, 1 varning, 1 tips" {
		t.Error(got)
	}
	if got := counts(0, 2, 0); got != "0 fel, 2 varningar, 0 tips" {
		t.Error(got)
	}
}

func TestCheckJSONUnreadableSaysWhy(t *testing.T) {
	code, out, errOut := run(t, "check", "--json", "../../testdata/bad/legacy.doc")
	if code != ExitFailure || !strings.Contains(out, `"not_docx"`) && !strings.Contains(out, `"code"`) {
		t.Errorf("exit %d, stdout %.300s", code, out)
	}
	if strings.Count(errOut, "\n") != 1 || !strings.HasPrefix(errOut, "legacy.doc: ") {
		t.Errorf("stderr %q: want one line with the reason", errOut)
	}
	code, _, errOut = run(t, "check", "nonexistent.docx")
	if code != ExitFailure || errOut != "villkorsintag check: filen nonexistent.docx finns inte\n" {
		t.Errorf("missing file: exit %d, %q", code, errOut)
	}
}

// syncBuffer is a bytes.Buffer safe for a writer and a reader.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

var pagesLine = regexp.MustCompile(`Sidorna: http://(\S+)/  \(användare demo, lösenord (\S+), roll handläggare\)`)

// runDemoUntilServing runs demo until its pages answer, logs in with the
// printed password, stops it and returns the password and the output.
func runDemoUntilServing(t *testing.T, args ...string) (password, out string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	old := demoContext
	demoContext = func() (context.Context, context.CancelFunc) { return context.WithCancel(ctx) }
	defer func() { demoContext = old }()
	var stdout, stderr syncBuffer
	done := make(chan int, 1)
	go func() { done <- Main(append([]string{"demo", "--http", "127.0.0.1:0"}, args...), &stdout, &stderr) }()
	deadline := time.Now().Add(time.Minute)
	var m []string
	for m == nil {
		select {
		case code := <-done:
			t.Fatalf("demo ended with %d before serving\n%s\n%s", code, stdout.String(), stderr.String())
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("demo not serving after a minute\n%s", stdout.String())
		}
		m = pagesLine.FindStringSubmatch(stdout.String())
	}
	resp := loginAs(t, "http://"+m[1], "demo", m[2])
	if resp.StatusCode != http.StatusSeeOther || len(resp.Cookies()) == 0 {
		t.Errorf("login with the printed password: %s", resp.Status)
	}
	cancel()
	if code := <-done; code != ExitOK {
		t.Errorf("demo: exit %d\n%s", code, stderr.String())
	}
	return m[2], stdout.String()
}

// TestDemoRerun: demo runs again on the same --db; the demo user gets a new
// password, and the old one no longer works.
func TestDemoRerun(t *testing.T) {
	db := filepath.Join(t.TempDir(), "demo.db")
	first, out := runDemoUntilServing(t, "--db", db)
	if !strings.Contains(out, "ny databas skapad: "+db) {
		t.Errorf("first run:\n%s", out)
	}
	second, out := runDemoUntilServing(t, "--db", db)
	if !strings.Contains(out, "befintlig databas "+db) || !strings.Contains(out, "villkorsintag history --db "+db) {
		t.Errorf("second run:\n%s", out)
	}
	if first == second {
		t.Fatal("the same password twice")
	}
	s, err := store.Open(context.Background(), db, orgs.Default())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Authenticate(context.Background(), "demo", second); err != nil {
		t.Errorf("new password: %v", err)
	}
	if _, err := s.Authenticate(context.Background(), "demo", first); err == nil {
		t.Error("the old password still works")
	}
	code, out, errOut := run(t, "demo", "--once", "--db", db)
	if code != ExitOK || !strings.Contains(out, "Region Västerbotten") {
		t.Errorf("demo --once on the same database: exit %d\n%s\n%s", code, out, errOut)
	}
}

// TestDemoTemporaryFolderRemoved: without --db, the demo's folder is gone
// when it ends.
func TestDemoTemporaryFolderRemoved(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	code, out, errOut := run(t, "demo", "--once")
	if code != ExitOK || !strings.Contains(out, "tas bort när demon slutar") {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	if left, _ := os.ReadDir(tmp); len(left) != 0 {
		t.Errorf("left behind: %v", left)
	}
	runDemoUntilServing(t)
	if left, _ := os.ReadDir(tmp); len(left) != 0 {
		t.Errorf("left behind after serving: %v", left)
	}
}

// TestDemoBusyPort: a taken port fails at once, with exit 2.
func TestDemoBusyPort(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	code, out, errOut := run(t, "demo", "--http", ln.Addr().String())
	if code != ExitFailure || out != "" || !strings.HasPrefix(errOut, "villkorsintag demo: kan inte lyssna på "+ln.Addr().String()) {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	if left, _ := os.ReadDir(tmp); len(left) != 0 {
		t.Errorf("left behind: %v", left)
	}
}

var reLoginCSRF = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// loginAs fills in the login form as a browser does: the login page first
// (its pre-session cookie and CSRF token), then the POST with an Origin.
func loginAs(t *testing.T, base, user, password string) *http.Response {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	page, err := client.Get(base + "/login")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(page.Body)
	page.Body.Close()
	m := reLoginCSRF.FindSubmatch(body)
	if m == nil {
		t.Fatalf("no CSRF token on the login page:\n%s", body)
	}
	form := url.Values{"username": {user}, "password": {password}, "next": {"/"}, "csrf": {string(m[1])}}
	req, _ := http.NewRequest("POST", base+"/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", base)
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp
}
