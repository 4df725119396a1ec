package document

import (
	"bytes"
	"errors"
	"fmt"
)

// FormatError says why a file is not a Word document we can read. Reason is
// Swedish and safe to show a case officer or a region.
type FormatError struct {
	Kind   string // pdf, rtf, doc, encrypted, odt, docm, flat_xml, html, not_zip, corrupt, too_large, unsafe, over_budget, empty
	Reason string
	Err    error // the underlying cause, if any (not for users)
}

func (e *FormatError) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("not a readable .docx (%s): %s: %v", e.Kind, e.Reason, e.Err)
	}
	return fmt.Sprintf("not a readable .docx (%s): %s", e.Kind, e.Reason)
}

func (e *FormatError) Unwrap() error { return e.Err }

// ErrNotDocx matches every *FormatError with errors.Is.
var ErrNotDocx = errors.New("not a .docx document")

// Is makes errors.Is(err, ErrNotDocx) true for every FormatError, and
// errors.Is(err, ErrOverBudget) for one over the work budget.
func (e *FormatError) Is(target error) bool {
	return target == ErrNotDocx || (target == ErrOverBudget && e.Kind == "over_budget")
}

func formatErr(kind, reason string, err error) *FormatError {
	return &FormatError{Kind: kind, Reason: reason, Err: err}
}

var (
	sigZip = []byte("PK\x03\x04")
	sigOLE = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
)

// utf16 returns the UTF-16LE bytes of an ASCII name, as OLE directories store names.
func utf16(s string) []byte {
	b := make([]byte, 0, 2*len(s))
	for i := 0; i < len(s); i++ {
		b = append(b, s[i], 0)
	}
	return b
}

// sniff tells what a file that is not a zip package is. whole is the file's
// content (bounded by the caller).
func sniff(whole []byte) *FormatError {
	head := whole[:min(len(whole), 512)]
	trimmed := bytes.TrimLeft(head, "\xef\xbb\xbf \t\r\n")
	switch {
	case len(whole) == 0:
		return formatErr("empty", "filen är tom", nil)
	case bytes.HasPrefix(head, sigOLE):
		switch {
		case bytes.Contains(whole, utf16("EncryptedPackage")) || bytes.Contains(whole, utf16("EncryptionInfo")):
			return formatErr("encrypted", "dokumentet är lösenordsskyddat (krypterat) och kan inte läsas; skicka det utan lösenord", nil)
		case bytes.Contains(whole, utf16("WordDocument")):
			return formatErr("doc", "filen är i det äldre Word-formatet .doc; spara den som Word-dokument (.docx)", nil)
		default:
			return formatErr("ole", "filen är ett äldre Office-dokument (OLE) och inte ett Word-dokument (.docx)", nil)
		}
	case bytes.HasPrefix(trimmed, []byte("%PDF")):
		return formatErr("pdf", "filen är en PDF; återrapporteringen ska lämnas i Wordformat (.docx)", nil)
	case bytes.HasPrefix(trimmed, []byte(`{\rtf`)):
		return formatErr("rtf", "filen är i RTF-format och inte ett Word-dokument (.docx)", nil)
	case bytes.HasPrefix(trimmed, []byte("<?xml")) && bytes.Contains(head, []byte("pkg:package")):
		return formatErr("flat_xml", "filen är ett Word XML-dokument (platt XML) och inte ett Word-dokument (.docx)", nil)
	case bytes.HasPrefix(bytes.ToLower(trimmed), []byte("<html")) || bytes.HasPrefix(bytes.ToLower(trimmed), []byte("<!doctype html")):
		return formatErr("html", "filen är en webbsida (HTML) och inte ett Word-dokument (.docx)", nil)
	}
	return formatErr("not_zip", "filen är inte ett Word-dokument (.docx)", nil)
}
