package document

// Facts is what the pre-pass saw while reading the document: things a case
// officer should know that are not answers.
type Facts struct {
	Insertions        int // tracked insertions (w:ins)
	Deletions         int // tracked deletions (w:del)
	Moves             int // tracked moves (w:moveFrom, w:moveTo)
	ParagraphMarks    int // inserted or deleted paragraph marks
	Rows              int // inserted or deleted table rows and cells
	FormatChanges     int // tracked formatting changes
	ContentControls   int
	Placeholders      int // content controls still showing their prompt
	ControlCheckboxes int // checkbox content controls (w14:checkbox)
	LegacyCheckboxes  int // FORMCHECKBOX fields
	HiddenChars       int // hidden (w:vanish) characters left out
	Drawings          int // pictures, shapes and text boxes (not read)
	Equations         int // equations (m:oMath, m:oMathPara), read as linear text
	Risks             []Risk
}

// TrackedChanges counts the unaccepted changes of every kind.
func (f Facts) TrackedChanges() int {
	return f.Insertions + f.Deletions + f.Moves + f.ParagraphMarks + f.Rows + f.FormatChanges
}

// Risk is content a case officer opening the file in Word should know about.
type Risk struct {
	Kind   string // external_relationship, field, altchunk, activex, embedded_object, linked_object, macro
	Detail string // e.g. the relationship type and target, the field name
}

func (f *Facts) risk(kind, detail string) {
	for _, r := range f.Risks {
		if r.Kind == kind && r.Detail == detail {
			return
		}
	}
	f.Risks = append(f.Risks, Risk{Kind: kind, Detail: detail})
}
