package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"testing"

	"github.com/tillvaxtverket/villkorsintag/internal/compliance"
)

// stdIndent is what encodeJSON must write: json.Encoder's own indented
// output.
func stdIndent(t testing.TB, v any) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// longResult is the check result of the long real-producer report (about
// 250 KB of JSON).
func longResult(tb testing.TB) any {
	tb.Helper()
	data, err := os.ReadFile("../../testdata/docx/pydocx-long.docx")
	if err != nil {
		tb.Fatal(err)
	}
	res, err := compliance.Check(data, compliance.Options{FileName: "long.docx"})
	if err != nil {
		tb.Fatal(err)
	}
	return res
}

func TestEncodeJSONIsTheEncodersIndentation(t *testing.T) {
	values := []any{
		longResult(t),
		map[string]any{},
		[]any{},
		map[string]any{"a": []any{}, "b": map[string]any{}, "c": []any{map[string]any{}, []any{[]any{}}}},
		[]any{1, -2.5e-7, true, false, nil, "x"},
		"a \"quoted\" \\ back\\\\slash \\\" \u2028 <&> åäö \x01 tab\t",
		map[string]string{`k"ey`: `v\`, `\`: `"`, "": ""},
		[]string{`\\`, `\\\"`, `"`, `}`, `]`, `,`, `:`, `{[`},
		42,
	}
	for _, v := range values {
		var b bytes.Buffer
		if err := encodeJSON(&b, v); err != nil {
			t.Fatal(err)
		}
		if want := stdIndent(t, v); b.String() != want {
			t.Errorf("%.60q…: got\n%.2000s\nwant\n%.2000s", want, b.String(), want)
		}
	}
}

// FuzzIndentJSON: for any JSON value, indentJSON of its compact form is
// json.Indent's.
func FuzzIndentJSON(f *testing.F) {
	for _, s := range []string{`{}`, `[]`, `{"a":[1,{"b":"c\"}"}],"d":{}}`, `"\\\\"`, `[[],[{}],""]`, `{"\u00e5":"\\\"\\"}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var v any
		if json.Unmarshal([]byte(s), &v) != nil {
			return
		}
		var compact bytes.Buffer
		if err := json.Compact(&compact, []byte(s)); err != nil {
			t.Fatal(err)
		}
		var want bytes.Buffer
		if err := json.Indent(&want, compact.Bytes(), "", "  "); err != nil {
			t.Fatal(err)
		}
		if got := indentJSON(nil, compact.Bytes()); string(got) != want.String() {
			t.Errorf("%q: got\n%s\nwant\n%s", s, got, want.String())
		}
	})
}

func BenchmarkEncodeJSONLong(b *testing.B) {
	res := longResult(b)
	b.Run("encoder", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			stdIndent(b, res)
		}
	})
	b.Run("encodeJSON", func(b *testing.B) {
		b.ReportAllocs()
		var out bytes.Buffer
		for b.Loop() {
			out.Reset()
			encodeJSON(&out, res)
		}
	})
}
