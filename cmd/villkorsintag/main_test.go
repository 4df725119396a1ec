package main

import (
	"testing"

	"github.com/tillvaxtverket/villkorsintag/internal/testenv"
)

func TestMain(m *testing.M) { testenv.Main(m, "cmd/villkorsintag") }
