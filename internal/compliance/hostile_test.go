package compliance

import (
	"errors"
	"os"
	"testing"

	"github.com/tillvaxtverket/villkorsintag/internal/document"
)

// TestCheckOverBudget: a document over the reader's work budget is a
// content error (errors.Is ErrNotDocx and ErrOverBudget) with a stored
// result: the not_docx finding with the Swedish reason.
func TestCheckOverBudget(t *testing.T) {
	for _, name := range []string{"paragraphs.docx", "cells.docx", "rows.docx", "numbering.docx", "headers-shared.docx"} {
		data, err := os.ReadFile("../../testdata/hostile/" + name)
		if err != nil {
			t.Fatal(err)
		}
		res, err := Check(data, Options{FileName: name})
		if !errors.Is(err, document.ErrNotDocx) || !errors.Is(err, document.ErrOverBudget) {
			t.Errorf("%s: error %v, want ErrNotDocx and ErrOverBudget", name, err)
			continue
		}
		if res == nil || len(res.Findings) == 0 || res.Findings[0].Code != CodeNotDocx {
			t.Errorf("%s: result %+v, want a not_docx finding", name, res)
			continue
		}
		if msg := res.Findings[0].Message; len(msg) < 50 {
			t.Errorf("%s: finding %q says too little", name, msg)
		}
	}
}
