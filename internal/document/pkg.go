package document

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"path"
	"sort"
	"strings"
	"time"
	"unicode/utf8"
)

// Limits bound what an untrusted upload may make us read; a zero field
// takes its default. The first group
// bounds the container; the second is the work budget of one document:
// what reading it may cost whatever its bytes, counted while it is read
// (inflated bytes are measured, never taken from the zip's declared sizes).
// A document over any of them is refused with a *FormatError (Kind
// "over_budget", errors.Is(err, ErrOverBudget)). The defaults are generous
// for a report of 60 pages and more (see README, Bad input) and keep any
// file within a few hundred milliseconds and some tens of megabytes.
type Limits struct {
	FileSize  int64 // the .docx file itself
	Entries   int   // number of entries in the zip
	EntrySize int64 // declared uncompressed size of any one entry
	TotalSize int64 // declared uncompressed size of all entries
	Ratio     int64 // uncompressed/compressed, for entries over 1 MiB
	XMLDepth  int   // element nesting in any XML part

	// The work budget.
	Inflated    int64         // bytes actually inflated from the parts read, all together
	Tokens      int           // XML tokens read, every part together
	Paragraphs  int           // paragraphs built (body, tables, headers and footers)
	Runs        int           // runs built (after joining runs of one font and size)
	Rows        int           // table rows built
	Cells       int           // table cells built
	Text        int64         // bytes of text read (text, field codes, list labels)
	HeaderBytes int64         // XML of headers and footers read, all together
	Definitions int           // styles, list definitions and relationships read
	Time        time.Duration // wall time of the whole read
}

// DefaultLimits are the bounds Parse uses.
var DefaultLimits = Limits{
	FileSize:  50 << 20,
	Entries:   5000,
	EntrySize: 64 << 20,
	TotalSize: 256 << 20,
	Ratio:     200,
	XMLDepth:  256,

	Inflated:    64 << 20,
	Tokens:      1_500_000,
	Paragraphs:  40_000,
	Runs:        40_000,
	Rows:        10_000,
	Cells:       30_000,
	Text:        2 << 20,
	HeaderBytes: 8 << 20,
	Definitions: 20_000,
	Time:        30 * time.Second,
}

// withDefaults fills zero fields from DefaultLimits.
func (l Limits) withDefaults() Limits {
	d := DefaultLimits
	set := func(v *int, def int) {
		if *v <= 0 {
			*v = def
		}
	}
	set64 := func(v *int64, def int64) {
		if *v <= 0 {
			*v = def
		}
	}
	set64(&l.FileSize, d.FileSize)
	set(&l.Entries, d.Entries)
	set64(&l.EntrySize, d.EntrySize)
	set64(&l.TotalSize, d.TotalSize)
	set64(&l.Ratio, d.Ratio)
	set(&l.XMLDepth, d.XMLDepth)
	set64(&l.Inflated, d.Inflated)
	set(&l.Tokens, d.Tokens)
	set(&l.Paragraphs, d.Paragraphs)
	set(&l.Runs, d.Runs)
	set(&l.Rows, d.Rows)
	set(&l.Cells, d.Cells)
	set64(&l.Text, d.Text)
	set64(&l.HeaderBytes, d.HeaderBytes)
	set(&l.Definitions, d.Definitions)
	if l.Time <= 0 {
		l.Time = d.Time
	}
	return l
}

const (
	ctMain       = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
	ctTemplate   = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
	ctMacroMain  = "application/vnd.ms-word.document.macroEnabled.main+xml"
	ctMacroTmpl  = "application/vnd.ms-word.template.macroEnabledTemplate.main+xml"
	ctVBAProject = "application/vnd.ms-office.vbaProject"
	relOfficeDoc = "/officeDocument"
)

// pkg is an opened, checked OOXML package.
type pkg struct {
	zr     *zip.Reader
	files  map[string]*zip.File // by exact name
	main   string               // the main document part, e.g. word/document.xml
	limits Limits
	m      *meter // the document's work budget
}

// names lists the package's part names in sorted order.
func (p *pkg) names() []string {
	names := make([]string, 0, len(p.files))
	for name := range p.files {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

// openPackage checks the zip container and finds the main document part.
func openPackage(r io.ReaderAt, size int64, lim Limits, m *meter) (*pkg, error) {
	if size > lim.FileSize {
		return nil, formatErr("too_large", fmt.Sprintf("filen är större än %d MB", lim.FileSize>>20), nil)
	}
	head := make([]byte, min(size, 4))
	if _, err := r.ReadAt(head, 0); err != nil && err != io.EOF {
		return nil, formatErr("corrupt", "filen kunde inte läsas", err)
	}
	if !bytes.Equal(head, sigZip) {
		whole := make([]byte, size)
		if _, err := r.ReadAt(whole, 0); err != nil && err != io.EOF {
			return nil, formatErr("corrupt", "filen kunde inte läsas", err)
		}
		return nil, sniff(whole)
	}
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, formatErr("corrupt", "filen är skadad eller ofullständig (zip-arkivet går inte att öppna)", err)
	}
	if len(zr.File) > lim.Entries {
		return nil, formatErr("unsafe", fmt.Sprintf("filen innehåller för många delar (%d)", len(zr.File)), nil)
	}
	p := &pkg{zr: zr, files: make(map[string]*zip.File, len(zr.File)), limits: lim, m: m}
	lower := make(map[string]bool, len(zr.File))
	var total uint64
	for _, f := range zr.File {
		if err := checkEntry(f, lim); err != nil {
			return nil, err
		}
		l := strings.ToLower(f.Name)
		if lower[l] {
			return nil, formatErr("unsafe", "filen innehåller dubblerade delar", fmt.Errorf("duplicate entry %q", f.Name))
		}
		lower[l] = true
		p.files[f.Name] = f
		total += f.UncompressedSize64
	}
	if total > uint64(lim.TotalSize) {
		return nil, formatErr("unsafe", "filen packas upp till orimligt stor storlek (möjlig zip-bomb)", nil)
	}
	if p.files["mimetype"] != nil {
		mt, _ := p.readAll("mimetype", 200)
		if strings.HasPrefix(string(mt), "application/vnd.oasis.opendocument") {
			return nil, formatErr("odt", "filen är ett OpenDocument-dokument (.odt) och inte ett Word-dokument (.docx)", nil)
		}
	}
	if err := p.findMain(); err != nil {
		return nil, err
	}
	return p, nil
}

func checkEntry(f *zip.File, lim Limits) error {
	name := f.Name
	switch {
	case name == "" || strings.ContainsAny(name, "\\\x00") || !utf8.ValidString(name) ||
		strings.HasPrefix(name, "/") || path.Clean(name) != strings.TrimSuffix(name, "/") ||
		strings.HasPrefix(path.Clean(name), ".."):
		return formatErr("unsafe", "filen innehåller en del med otillåtet namn", fmt.Errorf("entry name %q", name))
	case f.Flags&0x1 != 0:
		return formatErr("encrypted", "filen innehåller krypterade delar", nil)
	case f.Method != zip.Store && f.Method != zip.Deflate:
		return formatErr("corrupt", "filen använder en okänd komprimeringsmetod", fmt.Errorf("method %d in %q", f.Method, name))
	case f.UncompressedSize64 > uint64(lim.EntrySize):
		return formatErr("unsafe", "en del av filen packas upp till orimligt stor storlek (möjlig zip-bomb)", fmt.Errorf("%q: %d bytes", name, f.UncompressedSize64))
	case f.UncompressedSize64 > 1<<20 && f.CompressedSize64 > 0 && f.UncompressedSize64/f.CompressedSize64 > uint64(lim.Ratio):
		return formatErr("unsafe", "en del av filen är orimligt hårt packad (möjlig zip-bomb)", fmt.Errorf("%q: ratio %d", name, f.UncompressedSize64/f.CompressedSize64))
	}
	return nil
}

// readAll reads a part whole, at most max bytes, charging the bytes it
// actually inflates to the budget (entries may share one compressed
// stream: only what is read counts). archive/zip never reads more than an
// entry's declared size, so that size bounds the buffer.
func (p *pkg) readAll(name string, max int64) ([]byte, error) {
	f := p.files[name]
	if f == nil {
		return nil, fmt.Errorf("part %s: %w", name, errNoPart)
	}
	if err := p.m.checkTime(); err != nil {
		return nil, err
	}
	rc, err := f.Open()
	if err != nil {
		return nil, formatErr("corrupt", "en del av filen är skadad", fmt.Errorf("open %s: %w", name, err))
	}
	defer rc.Close()
	limit := min(max, p.m.remaining(resInflated))
	var buf bytes.Buffer
	buf.Grow(int(min(int64(f.UncompressedSize64), limit)) + bytes.MinRead)
	_, err = buf.ReadFrom(io.LimitReader(rc, limit+1))
	if err != nil {
		return nil, formatErr("corrupt", "en del av filen är skadad eller ofullständig", fmt.Errorf("read %s: %w", name, err))
	}
	if int64(buf.Len()) > max {
		return nil, formatErr("unsafe", "en del av filen packas upp till orimligt stor storlek (möjlig zip-bomb)", fmt.Errorf("%s over %d bytes", name, max))
	}
	if err := p.m.charge(resInflated, buf.Len()); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

var errNoPart = fmt.Errorf("no such part")

type relationship struct {
	ID, Type, Target, TargetMode string
}

// rels reads a relationships part, each relationship charged as a definition.
func (p *pkg) rels(name string) ([]relationship, error) {
	data, err := p.readAll(name, 4<<20)
	if err != nil {
		return nil, err
	}
	var rs []relationship
	tz := newTokenizer(data, p.m)
	for {
		k, err := tz.next()
		if err == io.EOF {
			return rs, nil
		}
		if err != nil {
			if fe := (*FormatError)(nil); asFormatErr(err, &fe) {
				return nil, fe
			}
			return nil, formatErr("corrupt", "filens relationsdel är skadad", fmt.Errorf("%s: %w", name, err))
		}
		if t := tz.el; k == tokStart && t.Name.Local == "Relationship" {
			if err := p.m.charge(resDefinitions, 1); err != nil {
				return nil, err
			}
			rs = append(rs, relationship{ID: attr(t, "Id"), Type: attr(t, "Type"), Target: attr(t, "Target"), TargetMode: attr(t, "TargetMode")})
		}
	}
}

type contentTypes struct {
	Defaults []struct {
		Extension   string `xml:"Extension,attr"`
		ContentType string `xml:"ContentType,attr"`
	} `xml:"Default"`
	Overrides []struct {
		PartName    string `xml:"PartName,attr"`
		ContentType string `xml:"ContentType,attr"`
	} `xml:"Override"`
}

// findMain locates the main document part and rejects what is not a .docx.
func (p *pkg) findMain() error {
	if p.files["[Content_Types].xml"] == nil {
		return formatErr("not_docx", "filen är ett zip-arkiv men inte ett Word-dokument", nil)
	}
	data, err := p.readAll("[Content_Types].xml", 4<<20)
	if err != nil {
		return err
	}
	var ct contentTypes
	if err := xml.Unmarshal(data, &ct); err != nil {
		return formatErr("corrupt", "filens innehållsförteckning är skadad", err)
	}
	p.main = "word/document.xml"
	if rs, err := p.rels("_rels/.rels"); err == nil {
		for _, r := range rs {
			if strings.HasSuffix(r.Type, relOfficeDoc) && r.TargetMode != "External" {
				p.main = strings.TrimPrefix(path.Clean("/"+r.Target), "/")
			}
		}
	}
	mainType := ""
	for _, o := range ct.Overrides {
		if strings.TrimPrefix(o.PartName, "/") == p.main {
			mainType = o.ContentType
		}
		if o.ContentType == ctVBAProject {
			mainType = ctMacroMain
		}
	}
	for name := range p.files {
		if strings.EqualFold(path.Base(name), "vbaProject.bin") {
			mainType = ctMacroMain
		}
	}
	switch mainType {
	case ctMain, ctTemplate, "":
	case ctMacroMain, ctMacroTmpl:
		return formatErr("docm", "dokumentet innehåller makron (.docm); spara det som ett vanligt Word-dokument (.docx)", nil)
	default:
		switch {
		case strings.Contains(mainType, "spreadsheetml") || strings.Contains(mainType, "presentationml"):
			return formatErr("not_docx", "filen är ett Excel- eller PowerPoint-dokument och inte ett Word-dokument", nil)
		case strings.Contains(mainType, "themeManager"):
			return formatErr("not_docx", "filen är ett Office-tema (.thmx) och inte ett Word-dokument (.docx)", fmt.Errorf("main part %s is %s", p.main, mainType))
		}
		// any other main part (a theme, a drawing, …) is not a Word document
		return formatErr("not_docx", "filen är ett Office-paket men inte ett Word-dokument (.docx)", fmt.Errorf("main part %s is %s", p.main, mainType))
	}
	if p.files[p.main] == nil {
		return formatErr("not_docx", "filen saknar dokumentets huvuddel (word/document.xml)", nil)
	}
	return nil
}
