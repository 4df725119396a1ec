package document

import (
	"fmt"
	"os"
	"testing"
)

func TestDump(t *testing.T) {
	f := os.Getenv("DUMP")
	if f == "" {
		t.Skip()
	}
	b, _ := os.ReadFile(f)
	d, err := ParseBytes(b)
	if err != nil {
		t.Fatal(err)
	}
	for _, bl := range d.Blocks {
		if bl.Para != nil {
			fmt.Printf("P h%d [%s] %q %q\n", bl.Para.Heading, bl.Para.Label, bl.Para.StyleID, trunc(bl.Para.Text))
		} else {
			for _, r := range bl.Table.Rows {
				fmt.Printf("  ROW")
				for _, c := range r.Cells {
					fmt.Printf(" | %q", trunc(c.Text()))
				}
				fmt.Println()
			}
		}
	}
	fmt.Printf("%+v\nheader=%q title=%q\n", d.Facts, d.HeaderText, d.Title)
}

func trunc(s string) string {
	r := []rune(s)
	if len(r) > 70 {
		return string(r[:70]) + "…"
	}
	return s
}
