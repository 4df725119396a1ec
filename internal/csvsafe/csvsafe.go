// Package csvsafe makes values safe as cells of a CSV file that a
// spreadsheet opens: text that a spreadsheet would read as a formula gets
// a leading apostrophe (OWASP, "CSV Injection").
package csvsafe

import (
	"fmt"
	"strconv"
)

// Text returns s as it is, or with a leading apostrophe when it begins
// with a character that starts a formula or a command in a spreadsheet:
// "=", "+", "-", "@", a tab or a carriage return.
func Text(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}

// Record turns a row into CSV fields: strings (and Stringers) through
// Text, numbers and booleans as they are (a negative number stays a
// number).
func Record(values ...any) []string {
	rec := make([]string, len(values))
	for i, v := range values {
		switch v := v.(type) {
		case string:
			rec[i] = Text(v)
		case int:
			rec[i] = strconv.Itoa(v)
		case int64:
			rec[i] = strconv.FormatInt(v, 10)
		case bool:
			rec[i] = strconv.FormatBool(v)
		case nil:
			rec[i] = ""
		default:
			rec[i] = Text(fmt.Sprint(v))
		}
	}
	return rec
}
