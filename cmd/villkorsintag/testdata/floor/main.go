// Command floor is the least any reader of a .docx must do, as a whole
// process: unzip word/document.xml and tokenize it with encoding/xml (the
// same work as BenchmarkFloor in internal/compliance). BenchmarkProcess
// divides the time of `villkorsintag check --json` by this program's.
package main

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"os"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: floor FILE.docx")
		os.Exit(2)
	}
	n, err := tokens(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println(n)
}

func tokens(path string) (int, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return 0, err
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return 0, err
	}
	for _, f := range zr.File {
		if f.Name != "word/document.xml" {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return 0, err
		}
		defer rc.Close()
		d := xml.NewDecoder(rc)
		n := 0
		for {
			_, err := d.Token()
			if err == io.EOF {
				return n, nil
			}
			if err != nil {
				return n, err
			}
			n++
		}
	}
	return 0, fmt.Errorf("%s: no word/document.xml", path)
}
