// Package config loads the service's configuration: a YAML file (see
// configs/villkorsintag.example.yaml) with environment overrides, or the
// environment alone. Every problem is reported at once.
package config

import (
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"os"
	"reflect"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// Config is the service's configuration.
type Config struct {
	Database string `yaml:"database"`
	// TemplatesDir holds template specs (*.yaml) loaded beside the
	// embedded ones; a file for a year replaces the embedded spec.
	TemplatesDir string `yaml:"templates_dir"`
	HTTP         struct {
		Addr string `yaml:"addr"`
		// SecureCookies marks session cookies Secure: set it behind a
		// TLS-terminating reverse proxy that does not send X-Forwarded-Proto.
		SecureCookies bool `yaml:"secure_cookies"`
		// TrustedProxies are the reverse proxies (IP addresses or CIDR
		// ranges) whose X-Forwarded-For is believed for the login limit.
		TrustedProxies []string `yaml:"trusted_proxies"`
	} `yaml:"http"`
	Log struct {
		Format string `yaml:"format"` // text or json
		Level  string `yaml:"level"`  // debug, info, warn, error
	} `yaml:"log"`
	IMAP IMAP `yaml:"imap"`
	SMTP SMTP `yaml:"smtp"`
	Mail Mail `yaml:"mail"`
}

// Mail is what the service believes about who sent a message.
type Mail struct {
	// AuthServID is the authserv-id of the agency's own receiving mail
	// server: only its Authentication-Results fields are read (DKIM, SPF,
	// DMARC). "microsoft365" reads Exchange Online's, which carry none.
	// Empty: sender authentication is not checked.
	AuthServID string `yaml:"authserv_id"`
	// RequireAuthenticated assigns a report to a body automatically only
	// when its From domain is the body's and authenticated (DMARC pass, or
	// an aligned DKIM or SPF pass); otherwise it waits in Otilldelade.
	RequireAuthenticated bool `yaml:"require_authenticated"`
}

// SMTP is where receipts (kvittenser) are sent from. Off by default.
type SMTP struct {
	Enabled            bool   `yaml:"enabled"`
	Addr               string `yaml:"addr"` // host:port
	TLS                string `yaml:"tls"`  // tls (465), starttls (587) or none (loopback only)
	InsecureSkipVerify bool   `yaml:"insecure_skip_verify"`
	// CAFile is a PEM file of the certificate authorities trusted for the
	// server's certificate instead of the system pool.
	CAFile       string `yaml:"ca_file"`
	User         string `yaml:"user"`
	PasswordFile string `yaml:"password_file"`
	// Auth is how receipts log in: password (AUTH PLAIN, or none without
	// a user) or oauth2 (SASL OAUTHBEARER or XOAUTH2 with a
	// client-credentials token).
	Auth             string        `yaml:"auth"`
	OAuth            OAuth         `yaml:"oauth"`
	From             string        `yaml:"from"`
	MaxPerSenderHour int           `yaml:"max_per_sender_hour"`
	MaxAttempts      int           `yaml:"max_attempts"`
	RetryBase        time.Duration `yaml:"retry_base"`
	Interval         time.Duration `yaml:"interval"`
	Password         string        `yaml:"-"`
}

// IMAP is the mailbox the poller watches.
type IMAP struct {
	Addr               string `yaml:"addr"` // host:port
	TLS                string `yaml:"tls"`  // tls, starttls or none (loopback only)
	InsecureSkipVerify bool   `yaml:"insecure_skip_verify"`
	// CAFile is a PEM file of the certificate authorities trusted for the
	// server's certificate instead of the system pool.
	CAFile          string        `yaml:"ca_file"`
	User            string        `yaml:"user"`
	PasswordFile    string        `yaml:"password_file"`
	Mailbox         string        `yaml:"mailbox"`
	ProcessedFolder string        `yaml:"processed_folder"`
	ErrorFolder     string        `yaml:"error_folder"`
	Mode            string        `yaml:"mode"` // move or flag
	Keyword         string        `yaml:"keyword"`
	PollInterval    time.Duration `yaml:"poll_interval"`
	MaxMessageBytes int64         `yaml:"max_message_bytes"`
	BatchSize       int           `yaml:"batch_size"`
	// MaxAttempts is how many times processing a message may begin without
	// finishing (the process died, or a failure that is not temporary)
	// before the message is set aside in the error folder.
	MaxAttempts int `yaml:"max_attempts"`
	// CommandTimeout bounds every exchange with the server: connecting,
	// the greeting, each command's answer, and any silence within a
	// response. FetchTimeout bounds the whole transfer of one message.
	CommandTimeout time.Duration `yaml:"command_timeout"`
	FetchTimeout   time.Duration `yaml:"fetch_timeout"`

	// Password never comes from the file: VILLKORSINTAG_IMAP_PASSWORD or
	// the file named by password_file / VILLKORSINTAG_IMAP_PASSWORD_FILE.
	Password string `yaml:"-"`

	// Auth is how the poller logs in: password (LOGIN) or oauth2 (SASL
	// OAUTHBEARER or XOAUTH2 with a client-credentials token).
	Auth  string `yaml:"auth"`
	OAuth OAuth  `yaml:"oauth"`
}

// OAuth is an OAuth 2.0 client for the client-credentials grant.
type OAuth struct {
	// TokenURL is the token endpoint; Tenant fills the Microsoft one
	// (https://login.microsoftonline.com/<tenant>/oauth2/v2.0/token).
	TokenURL         string `yaml:"token_url"`
	Tenant           string `yaml:"tenant"`
	ClientID         string `yaml:"client_id"`
	ClientSecretFile string `yaml:"client_secret_file"`
	Scope            string `yaml:"scope"`
	// ClientSecret never comes from the file: VILLKORSINTAG_IMAP_OAUTH_CLIENT_SECRET
	// (VILLKORSINTAG_SMTP_OAUTH_CLIENT_SECRET) or the file named by
	// client_secret_file.
	ClientSecret string `yaml:"-"`
}

// DefaultOAuthScope is Exchange Online's scope for an application.
const DefaultOAuthScope = "https://outlook.office365.com/.default"

// Default returns the defaults.
func Default() Config {
	var c Config
	c.Database = "./data/villkorsintag.db"
	c.HTTP.Addr = "127.0.0.1:8080"
	c.Log.Format, c.Log.Level = "text", "info"
	c.IMAP = IMAP{TLS: "tls", Mailbox: "INBOX", ProcessedFolder: "Behandlade", ErrorFolder: "Behandlade/Fel",
		Mode: "move", Keyword: "$VillkorsintagBehandlad", PollInterval: time.Minute, MaxMessageBytes: 50 << 20, BatchSize: 25,
		CommandTimeout: 30 * time.Second, FetchTimeout: 2 * time.Minute, MaxAttempts: 3,
		Auth: "password", OAuth: OAuth{Scope: DefaultOAuthScope}}
	c.SMTP = SMTP{TLS: "starttls", Auth: "password", OAuth: OAuth{Scope: DefaultOAuthScope}, From: "villkorsrapport@tillvaxtverket.se", MaxPerSenderHour: 5, MaxAttempts: 10,
		RetryBase: time.Minute, Interval: 15 * time.Second}
	return c
}

// Load reads the file (if path is not empty), applies the environment and
// validates the result. Every problem is reported in one error, one line
// each: unknown keys (with their line), a password in the file, values of
// the wrong type and invalid values.
func Load(path string, env func(string) string) (Config, error) {
	c := Default()
	var errs []error
	if path != "" {
		data, err := os.ReadFile(path)
		if err != nil {
			return c, fmt.Errorf("config: %w", err)
		}
		fileErrs, ok := decodeFile(&c, path, data)
		if !ok {
			return c, errors.Join(fileErrs...)
		}
		errs = fileErrs
	}
	errs = append(errs, applyEnv(&c, env)...)
	for _, pw := range []struct {
		name     string
		file     string
		password *string
		needed   bool
	}{{"imap.password_file", c.IMAP.PasswordFile, &c.IMAP.Password, c.IMAP.Auth != "oauth2"},
		{"imap.oauth.client_secret_file", c.IMAP.OAuth.ClientSecretFile, &c.IMAP.OAuth.ClientSecret, c.IMAP.Auth == "oauth2"},
		{"smtp.password_file", c.SMTP.PasswordFile, &c.SMTP.Password, c.SMTP.Enabled && c.SMTP.Auth != "oauth2"},
		{"smtp.oauth.client_secret_file", c.SMTP.OAuth.ClientSecretFile, &c.SMTP.OAuth.ClientSecret, c.SMTP.Enabled && c.SMTP.Auth == "oauth2"}} {
		if pw.file != "" && *pw.password == "" && pw.needed {
			b, err := os.ReadFile(pw.file)
			if err != nil {
				errs = append(errs, fmt.Errorf("%s: %w", pw.name, err))
			}
			*pw.password = strings.TrimRight(string(b), "\r\n")
		}
	}
	errs = append(errs, c.validate()...)
	return c, errors.Join(errs...)
}

// decodeFile decodes the YAML file into c. It reports every unknown key and
// every password key with its line, and every value of the wrong type;
// ok is false when the file is not YAML at all.
func decodeFile(c *Config, path string, data []byte) (errs []error, ok bool) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return []error{fmt.Errorf("%s: %w", path, err)}, false
	}
	if len(root.Content) == 0 {
		return nil, true // empty file: the defaults
	}
	for _, e := range checkKeys(root.Content[0], reflect.TypeOf(*c), "") {
		errs = append(errs, fmt.Errorf("%s: %s", path, e))
	}
	if err := root.Decode(c); err != nil {
		var te *yaml.TypeError
		if !errors.As(err, &te) {
			return append(errs, fmt.Errorf("%s: %w", path, err)), true
		}
		for _, e := range te.Errors {
			errs = append(errs, fmt.Errorf("%s: %s", path, e))
		}
	}
	return errs, true
}

// checkKeys walks a mapping against the struct type t and returns a
// problem for each key that t does not have and each password key.
func checkKeys(n *yaml.Node, t reflect.Type, prefix string) []string {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	if n.Kind != yaml.MappingNode || t.Kind() != reflect.Struct {
		return nil // a value of the wrong kind is the decoder's to report
	}
	fields := map[string]reflect.Type{}
	for i := 0; i < t.NumField(); i++ {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ",")
		if name != "" && name != "-" {
			fields[name] = t.Field(i).Type
		}
	}
	var probs []string
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Tag == "!!merge" {
			probs = append(probs, checkKeys(v, t, prefix)...)
			continue
		}
		key := prefix + k.Value
		ft, known := fields[k.Value]
		switch {
		case k.Value == "password" || k.Value == "client_secret":
			envName := "VILLKORSINTAG_" + strings.ToUpper(strings.ReplaceAll(key, ".", "_"))
			what := "a password"
			if k.Value == "client_secret" {
				what = "a client secret"
			}
			probs = append(probs, fmt.Sprintf("line %d: %s: %s does not belong in the file; use %s or %s_file",
				k.Line, key, what, envName, key))
		case !known:
			probs = append(probs, fmt.Sprintf("line %d: unknown key %s", k.Line, key))
		default:
			probs = append(probs, checkKeys(v, ft, key+".")...)
		}
	}
	return probs
}

// checkAddr checks a host:port address with a numeric port (0 only when
// zeroOK: any free port).
func checkAddr(addr string, zeroOK bool) (host string, err error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "", err
	}
	min := uint64(1)
	if zeroOK {
		min = 0
	}
	if n, err := strconv.ParseUint(port, 10, 16); err != nil || n < min {
		return host, fmt.Errorf("port %q: a number from %d to 65535", port, min)
	}
	return host, nil
}

func applyEnv(c *Config, env func(string) string) []error {
	var errs []error
	str := func(key string, dst *string) {
		if v := env(key); v != "" {
			*dst = v
		}
	}
	str("VILLKORSINTAG_DB", &c.Database)
	str("VILLKORSINTAG_TEMPLATES", &c.TemplatesDir)
	str("VILLKORSINTAG_HTTP_ADDR", &c.HTTP.Addr)
	str("VILLKORSINTAG_LOG_FORMAT", &c.Log.Format)
	boolean := func(key string, dst *bool) {
		if v := env(key); v != "" {
			b, err := strconv.ParseBool(v)
			if err != nil {
				errs = append(errs, fmt.Errorf("%s %q: true or false", key, v))
			}
			*dst = b
		}
	}
	boolean("VILLKORSINTAG_IMAP_INSECURE_SKIP_VERIFY", &c.IMAP.InsecureSkipVerify)
	boolean("VILLKORSINTAG_HTTP_SECURE_COOKIES", &c.HTTP.SecureCookies)
	if v := env("VILLKORSINTAG_HTTP_TRUSTED_PROXIES"); v != "" {
		c.HTTP.TrustedProxies = nil
		for _, p := range strings.Split(v, ",") {
			if p = strings.TrimSpace(p); p != "" {
				c.HTTP.TrustedProxies = append(c.HTTP.TrustedProxies, p)
			}
		}
	}
	str("VILLKORSINTAG_LOG_LEVEL", &c.Log.Level)
	str("VILLKORSINTAG_IMAP_ADDR", &c.IMAP.Addr)
	str("VILLKORSINTAG_IMAP_TLS", &c.IMAP.TLS)
	str("VILLKORSINTAG_IMAP_CA_FILE", &c.IMAP.CAFile)
	str("VILLKORSINTAG_IMAP_USER", &c.IMAP.User)
	str("VILLKORSINTAG_IMAP_PASSWORD", &c.IMAP.Password)
	str("VILLKORSINTAG_IMAP_PASSWORD_FILE", &c.IMAP.PasswordFile)
	str("VILLKORSINTAG_IMAP_AUTH", &c.IMAP.Auth)
	str("VILLKORSINTAG_IMAP_OAUTH_TOKEN_URL", &c.IMAP.OAuth.TokenURL)
	str("VILLKORSINTAG_IMAP_OAUTH_TENANT", &c.IMAP.OAuth.Tenant)
	str("VILLKORSINTAG_IMAP_OAUTH_CLIENT_ID", &c.IMAP.OAuth.ClientID)
	str("VILLKORSINTAG_IMAP_OAUTH_CLIENT_SECRET", &c.IMAP.OAuth.ClientSecret)
	str("VILLKORSINTAG_IMAP_OAUTH_CLIENT_SECRET_FILE", &c.IMAP.OAuth.ClientSecretFile)
	str("VILLKORSINTAG_IMAP_OAUTH_SCOPE", &c.IMAP.OAuth.Scope)
	str("VILLKORSINTAG_IMAP_MAILBOX", &c.IMAP.Mailbox)
	str("VILLKORSINTAG_IMAP_PROCESSED_FOLDER", &c.IMAP.ProcessedFolder)
	str("VILLKORSINTAG_IMAP_ERROR_FOLDER", &c.IMAP.ErrorFolder)
	str("VILLKORSINTAG_IMAP_MODE", &c.IMAP.Mode)
	str("VILLKORSINTAG_SMTP_ADDR", &c.SMTP.Addr)
	str("VILLKORSINTAG_SMTP_TLS", &c.SMTP.TLS)
	str("VILLKORSINTAG_SMTP_USER", &c.SMTP.User)
	str("VILLKORSINTAG_SMTP_PASSWORD", &c.SMTP.Password)
	str("VILLKORSINTAG_SMTP_PASSWORD_FILE", &c.SMTP.PasswordFile)
	str("VILLKORSINTAG_SMTP_FROM", &c.SMTP.From)
	str("VILLKORSINTAG_SMTP_CA_FILE", &c.SMTP.CAFile)
	str("VILLKORSINTAG_SMTP_AUTH", &c.SMTP.Auth)
	str("VILLKORSINTAG_SMTP_OAUTH_TOKEN_URL", &c.SMTP.OAuth.TokenURL)
	str("VILLKORSINTAG_SMTP_OAUTH_TENANT", &c.SMTP.OAuth.Tenant)
	str("VILLKORSINTAG_SMTP_OAUTH_CLIENT_ID", &c.SMTP.OAuth.ClientID)
	str("VILLKORSINTAG_SMTP_OAUTH_CLIENT_SECRET", &c.SMTP.OAuth.ClientSecret)
	str("VILLKORSINTAG_SMTP_OAUTH_CLIENT_SECRET_FILE", &c.SMTP.OAuth.ClientSecretFile)
	str("VILLKORSINTAG_SMTP_OAUTH_SCOPE", &c.SMTP.OAuth.Scope)
	boolean("VILLKORSINTAG_SMTP_INSECURE_SKIP_VERIFY", &c.SMTP.InsecureSkipVerify)
	boolean("VILLKORSINTAG_SMTP_ENABLED", &c.SMTP.Enabled)
	str("VILLKORSINTAG_MAIL_AUTHSERV_ID", &c.Mail.AuthServID)
	boolean("VILLKORSINTAG_MAIL_REQUIRE_AUTHENTICATED", &c.Mail.RequireAuthenticated)
	if v := env("VILLKORSINTAG_IMAP_POLL_INTERVAL"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			errs = append(errs, fmt.Errorf("VILLKORSINTAG_IMAP_POLL_INTERVAL: %v", err))
		}
		c.IMAP.PollInterval = d
	}
	for _, d := range []struct {
		key string
		dst *time.Duration
	}{{"VILLKORSINTAG_IMAP_COMMAND_TIMEOUT", &c.IMAP.CommandTimeout}, {"VILLKORSINTAG_IMAP_FETCH_TIMEOUT", &c.IMAP.FetchTimeout}} {
		if v := env(d.key); v != "" {
			t, err := time.ParseDuration(v)
			if err != nil {
				errs = append(errs, fmt.Errorf("%s: %v", d.key, err))
			}
			*d.dst = t
		}
	}
	if v := env("VILLKORSINTAG_IMAP_MAX_MESSAGE_BYTES"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			errs = append(errs, fmt.Errorf("VILLKORSINTAG_IMAP_MAX_MESSAGE_BYTES: %v", err))
		}
		c.IMAP.MaxMessageBytes = n
	}
	if v := env("VILLKORSINTAG_IMAP_MAX_ATTEMPTS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			errs = append(errs, fmt.Errorf("VILLKORSINTAG_IMAP_MAX_ATTEMPTS: %v", err))
		}
		c.IMAP.MaxAttempts = n
	}
	return errs
}

func isLoopback(host string) bool {
	ip := net.ParseIP(host)
	return host == "localhost" || ip != nil && ip.IsLoopback()
}

// LoadCAFile reads a PEM file of CA certificates into a pool.
func LoadCAFile(path string) (*x509.CertPool, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(b) {
		return nil, fmt.Errorf("%s: no PEM certificate in the file", path)
	}
	return pool, nil
}

// ParseTrustedProxies reads http.trusted_proxies: IP addresses (a single
// host) or CIDR ranges.
func ParseTrustedProxies(list []string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	var errs []error
	for _, s := range list {
		s = strings.TrimSpace(s)
		if p, err := netip.ParsePrefix(s); err == nil {
			if p.Addr().Is4In6() && p.Bits() >= 96 {
				p = netip.PrefixFrom(p.Addr().Unmap(), p.Bits()-96)
			}
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(s)
		if err != nil || a.Zone() != "" {
			errs = append(errs, fmt.Errorf("%q is neither an IP address nor a CIDR range", s))
			continue
		}
		a = a.Unmap()
		out = append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	return out, errors.Join(errs...)
}

func (c *Config) validate() []error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if c.Database == "" {
		bad("database: required")
	}
	if c.TemplatesDir != "" {
		if fi, err := os.Stat(c.TemplatesDir); err != nil || !fi.IsDir() {
			bad("templates_dir %q: not a directory (VILLKORSINTAG_TEMPLATES)", c.TemplatesDir)
		}
	}
	if _, err := checkAddr(c.HTTP.Addr, true); err != nil {
		bad("http.addr %q: host:port required (VILLKORSINTAG_HTTP_ADDR): %v", c.HTTP.Addr, err)
	}
	if _, err := ParseTrustedProxies(c.HTTP.TrustedProxies); err != nil {
		bad("http.trusted_proxies (VILLKORSINTAG_HTTP_TRUSTED_PROXIES): %v", err)
	}
	switch c.Log.Format {
	case "text", "json":
	default:
		bad("log.format %q: text or json", c.Log.Format)
	}
	switch c.Log.Level {
	case "debug", "info", "warn", "error":
	default:
		bad("log.level %q: debug, info, warn or error", c.Log.Level)
	}
	if id := c.Mail.AuthServID; strings.ContainsAny(id, " \t;=()\"") {
		bad("mail.authserv_id %q: one authserv-id, the host name the receiving server writes first in Authentication-Results, or microsoft365 (VILLKORSINTAG_MAIL_AUTHSERV_ID)", id)
	}
	if c.Mail.RequireAuthenticated && strings.TrimSpace(c.Mail.AuthServID) == "" {
		bad("mail.require_authenticated needs mail.authserv_id: without it no sender can be authenticated")
	}
	im := &c.IMAP
	host, err := checkAddr(im.Addr, false)
	if err != nil {
		bad("imap.addr %q: host:port required (VILLKORSINTAG_IMAP_ADDR): %v", im.Addr, err)
	}
	switch im.TLS {
	case "tls", "starttls":
	case "none":
		if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
			bad("imap.tls none is only allowed for a loopback address, not %q", host)
		}
	default:
		bad("imap.tls %q: tls, starttls or none", im.TLS)
	}
	if im.CAFile != "" {
		if _, err := LoadCAFile(im.CAFile); err != nil {
			bad("imap.ca_file (VILLKORSINTAG_IMAP_CA_FILE): %v", err)
		}
	}
	if im.User == "" {
		bad("imap.user: required (VILLKORSINTAG_IMAP_USER)")
	}
	switch im.Auth {
	case "password":
		if im.Password == "" {
			bad("imap password: set VILLKORSINTAG_IMAP_PASSWORD, or VILLKORSINTAG_IMAP_PASSWORD_FILE / imap.password_file")
		}
	case "oauth2":
		errs = append(errs, im.OAuth.validate("imap")...)
	default:
		bad("imap.auth %q: password or oauth2 (VILLKORSINTAG_IMAP_AUTH)", im.Auth)
	}
	if im.Mailbox == "" {
		bad("imap.mailbox: required")
	}
	switch im.Mode {
	case "move":
		if im.ProcessedFolder == "" || im.ErrorFolder == "" {
			bad("imap.processed_folder and imap.error_folder: required in move mode")
		}
	case "flag":
		if im.Keyword == "" || strings.ContainsAny(im.Keyword, " ()\\") {
			bad("imap.keyword %q: a flag keyword without spaces or parentheses", im.Keyword)
		}
	default:
		bad("imap.mode %q: move or flag", im.Mode)
	}
	if im.PollInterval < time.Second {
		bad("imap.poll_interval %v: at least 1s", im.PollInterval)
	}
	if im.MaxMessageBytes < 1<<20 {
		bad("imap.max_message_bytes %d: at least 1 MiB", im.MaxMessageBytes)
	}
	if im.CommandTimeout < time.Second || im.CommandTimeout > 10*time.Minute {
		bad("imap.command_timeout %v: 1s to 10m", im.CommandTimeout)
	}
	if im.FetchTimeout < im.CommandTimeout || im.FetchTimeout > time.Hour {
		bad("imap.fetch_timeout %v: from imap.command_timeout (%v) to 1h", im.FetchTimeout, im.CommandTimeout)
	}
	if im.BatchSize < 1 || im.BatchSize > 1000 {
		bad("imap.batch_size %d: 1 to 1000", im.BatchSize)
	}
	if im.MaxAttempts < 1 || im.MaxAttempts > 100 {
		bad("imap.max_attempts %d: 1 to 100", im.MaxAttempts)
	}
	if sm := &c.SMTP; sm.Enabled {
		host, err := checkAddr(sm.Addr, false)
		if err != nil {
			bad("smtp.addr %q: host:port required (VILLKORSINTAG_SMTP_ADDR): %v", sm.Addr, err)
		}
		switch sm.TLS {
		case "tls", "starttls":
		case "none":
			if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
				bad("smtp.tls none is only allowed for a loopback address, not %q", host)
			}
		default:
			bad("smtp.tls %q: tls, starttls or none", sm.TLS)
		}
		if sm.CAFile != "" {
			if _, err := LoadCAFile(sm.CAFile); err != nil {
				bad("smtp.ca_file (VILLKORSINTAG_SMTP_CA_FILE): %v", err)
			}
		}
		switch sm.Auth {
		case "password":
			if sm.User != "" && sm.Password == "" {
				bad("smtp password for smtp.user %s: set VILLKORSINTAG_SMTP_PASSWORD, or VILLKORSINTAG_SMTP_PASSWORD_FILE / smtp.password_file", sm.User)
			}
		case "oauth2":
			if sm.User == "" {
				bad("smtp.user: required with smtp.auth oauth2, the mailbox receipts are sent as (VILLKORSINTAG_SMTP_USER)")
			}
			if sm.TLS == "none" {
				bad("smtp.auth oauth2 needs smtp.tls tls or starttls: a token is never sent in the clear")
			}
			errs = append(errs, sm.OAuth.validate("smtp")...)
		default:
			bad("smtp.auth %q: password or oauth2 (VILLKORSINTAG_SMTP_AUTH)", sm.Auth)
		}
		if !strings.Contains(sm.From, "@") {
			bad("smtp.from %q: an address", sm.From)
		}
		if sm.MaxPerSenderHour < 1 || sm.MaxAttempts < 1 || sm.RetryBase < time.Second || sm.Interval < time.Second {
			bad("smtp: max_per_sender_hour and max_attempts at least 1, retry_base and interval at least 1s")
		}
	}
	return errs
}

// validate checks the OAuth client of a section ("imap" or "smtp") with
// auth oauth2, and fills TokenURL from Tenant.
func (o *OAuth) validate(section string) []error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	env := "VILLKORSINTAG_" + strings.ToUpper(section) + "_OAUTH"
	switch {
	case o.TokenURL != "" && o.Tenant != "":
		bad("%s.oauth: token_url or tenant, not both", section)
	case o.TokenURL == "" && o.Tenant == "":
		bad("%[1]s.oauth.token_url or %[1]s.oauth.tenant: required with %[1]s.auth oauth2 (%[2]s_TOKEN_URL, _TENANT)", section, env)
	case o.Tenant != "":
		if strings.ContainsAny(o.Tenant, "/?#% ") {
			bad("%s.oauth.tenant %q: a tenant id or domain", section, o.Tenant)
		}
		o.TokenURL = "https://login.microsoftonline.com/" + o.Tenant + "/oauth2/v2.0/token"
	default:
		if u, err := url.Parse(o.TokenURL); err != nil || u.Host == "" || (u.Scheme != "https" && !(u.Scheme == "http" && isLoopback(u.Hostname()))) {
			bad("%s.oauth.token_url %q: an https URL (http only for a loopback address)", section, o.TokenURL)
		}
	}
	if o.ClientID == "" {
		bad("%[1]s.oauth.client_id: required with %[1]s.auth oauth2 (%[2]s_CLIENT_ID)", section, env)
	}
	if o.ClientSecret == "" {
		bad("%[1]s oauth client secret: set %[2]s_CLIENT_SECRET, or %[2]s_CLIENT_SECRET_FILE / %[1]s.oauth.client_secret_file", section, env)
	}
	if o.Scope == "" {
		bad("%s.oauth.scope: required (default %s)", section, DefaultOAuthScope)
	}
	return errs
}
