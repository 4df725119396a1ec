module github.com/tillvaxtverket/villkorsintag

go 1.26.8

require (
	github.com/fumiama/go-docx v0.0.0-20250506085032-0c30fd09304b // indirect
	github.com/fumiama/imgsz v0.0.2 // indirect
	go.yaml.in/yaml/v3 v3.0.6 // indirect
)
