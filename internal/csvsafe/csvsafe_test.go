package csvsafe

import (
	"bytes"
	"encoding/csv"
	"testing"
)

func TestText(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"Region Skåne", "Region Skåne"},
		{`=HYPERLINK("https://evil.example","klicka")`, `'=HYPERLINK("https://evil.example","klicka")`},
		{"+46 8 123", "'+46 8 123"},
		{"-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"},
		{"@SUM(A1:A9)", "'@SUM(A1:A9)"},
		{"\t=1+1", "'\t=1+1"},
		{"\r=1+1", "'\r=1+1"},
		{" =1+1", " =1+1"},
		{"a=b", "a=b"},
		{"'already", "'already"},
	} {
		if got := Text(tc.in); got != tc.want {
			t.Errorf("Text(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

type name string

func (n name) String() string { return string(n) }

func TestRecord(t *testing.T) {
	got := Record("=1+1", 3, int64(-4), -5, true, nil, name("@x"))
	want := []string{"'=1+1", "3", "-4", "-5", "true", "", "'@x"}
	if len(got) != len(want) {
		t.Fatalf("got %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("field %d: got %q, want %q", i, got[i], want[i])
		}
	}
	// through encoding/csv and back, the apostrophe stays in front
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Comma = ';'
	w.Write(Record(`=HYPERLINK("https://evil.example";"x")`))
	w.Flush()
	r := csv.NewReader(&buf)
	r.Comma = ';'
	rec, err := r.Read()
	if err != nil || rec[0] != `'=HYPERLINK("https://evil.example";"x")` {
		t.Errorf("read back %q (%v)", rec, err)
	}
}
