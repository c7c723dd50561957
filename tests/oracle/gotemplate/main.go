// main.go - the oracle for krender's Go template engine (src/gotmpl/) in
// ApplicationSet goTemplate mode: reads cases (a JSON array of {name,
// template, data, options}) on stdin and writes them back with "want" (the
// output) or "err" (the error text) as Go's text/template with Sprig and
// ArgoCD's functions gives them. Used only to regenerate
// testdata/gotemplate/cases.json:
//   GOPATH=/usr/share/gocode GO111MODULE=off go run ./tests/oracle/gotemplate < in.json > cases.json
// ArgoCD's toYaml/fromYaml use sigs.k8s.io/yaml (Debian's
// golang-k8s-sigs-yaml-dev). slugify is left out (gosimple/slug is not
// packaged in Debian); its cases come from ArgoCD's TestSlugify.
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strings"
	"text/template"

	"github.com/Masterminds/sprig"
	"sigs.k8s.io/yaml"
)

type tcase struct {
	Name     string      `json:"name"`
	Template string      `json:"template"`
	Data     interface{} `json:"data"`
	Options  []string    `json:"options,omitempty"`
	Want     *string     `json:"want,omitempty"`
	Err      *string     `json:"err,omitempty"`
}

// toYAML, fromYAML and fromYAMLArray as ArgoCD's applicationset/utils define them
func toYAML(v interface{}) (string, error) {
	data, err := yaml.Marshal(v)
	if err != nil {
		return "", err
	}
	return strings.TrimSuffix(string(data), "\n"), nil
}

func fromYAML(str string) (map[string]interface{}, error) {
	m := map[string]interface{}{}
	if err := yaml.Unmarshal([]byte(str), &m); err != nil {
		return nil, err
	}
	return m, nil
}

func fromYAMLArray(str string) ([]interface{}, error) {
	a := []interface{}{}
	if err := yaml.Unmarshal([]byte(str), &a); err != nil {
		return nil, err
	}
	return a, nil
}

var invalidDNSNameChars = regexp.MustCompile("[^-a-z0-9.]")

func normalize(name string) string {
	name = strings.ToLower(name)
	name = invalidDNSNameChars.ReplaceAllString(name, "-")
	if len(name) > 253 {
		name = name[:253]
	}
	return strings.Trim(name, "-.")
}

func funcs() template.FuncMap {
	f := sprig.TxtFuncMap()
	delete(f, "env")
	delete(f, "expandenv")
	delete(f, "getHostByName")
	f["normalize"] = normalize
	f["toYaml"] = toYAML
	f["fromYaml"] = fromYAML
	f["fromYamlArray"] = fromYAMLArray
	return f
}

// parse applies the options (text/template panics on a bad one: reported as the error) and parses
func parse(c *tcase) (t *template.Template, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	return template.New("").Option(c.Options...).Funcs(funcs()).Parse(c.Template)
}

func main() {
	var cases []tcase
	dec := json.NewDecoder(os.Stdin)
	dec.UseNumber()
	if err := dec.Decode(&cases); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	for i := range cases {
		c := &cases[i]
		// data as ArgoCD has it: JSON numbers are float64
		raw, _ := json.Marshal(c.Data)
		var data interface{}
		_ = json.Unmarshal(raw, &data)
		c.Want, c.Err = nil, nil
		t, err := parse(c)
		var out bytes.Buffer
		if err == nil {
			err = t.Execute(&out, data)
		}
		if err != nil {
			s := err.Error()
			c.Err = &s
		} else {
			s := out.String()
			c.Want = &s
		}
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	_ = enc.Encode(cases)
}
