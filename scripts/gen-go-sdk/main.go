// Command gen-go-sdk writes the Go SDK of a Pulumi package schema (read from stdin) into a folder:
// what `pulumi package gen-sdk --language go` would write, which cannot run here (it fetches a
// language plugin). The folder's go.mod keeps its requirements; only its module path and the
// version of Pulumi's Go SDK are set, to the schema's import path and the generator's own SDK.
//
//	gen-go-sdk <folder> < schema.json
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"runtime/debug"

	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	"golang.org/x/mod/modfile"
)

const pulumiSDK = "github.com/pulumi/pulumi/sdk/v3"

func main() {
	if len(os.Args) != 2 {
		fail(fmt.Errorf("usage: gen-go-sdk <folder> < schema.json"))
	}
	if err := generate(os.Args[1]); err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "gen-go-sdk:", err)
	os.Exit(1)
}

func generate(folder string) error {
	var spec schema.PackageSpec
	if err := json.NewDecoder(os.Stdin).Decode(&spec); err != nil {
		return fmt.Errorf("reading the schema: %w", err)
	}
	pkg, diags, err := schema.BindSpec(spec, schema.NewNullLoader(), schema.ValidationOptions{})
	if err != nil {
		return err
	}
	if diags.HasErrors() {
		return diags
	}
	files, err := gogen.GeneratePackage("pulumi-realtimekit gen:go-sdk", pkg, nil)
	if err != nil {
		return err
	}
	info, ok := pkg.Language["go"].(gogen.GoPackageInfo)
	if !ok || info.ImportBasePath == "" {
		return fmt.Errorf("the schema has no language.go.importBasePath")
	}
	// Start from an empty package folder, so that what the schema no longer has goes too.
	if err := os.RemoveAll(filepath.Join(folder, path.Base(info.ImportBasePath))); err != nil {
		return err
	}
	for name, contents := range files {
		file := filepath.Join(folder, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(file, contents, 0o644); err != nil {
			return err
		}
	}
	return writeGoMod(filepath.Join(folder, "go.mod"), path.Dir(info.ImportBasePath))
}

// writeGoMod sets the module path and the Pulumi SDK's version in go.mod, creating it if need be;
// `go mod tidy` adds the rest.
func writeGoMod(file, module string) error {
	version, err := ownPulumiSDK()
	if err != nil {
		return err
	}
	text, err := os.ReadFile(file)
	if err != nil && !os.IsNotExist(err) {
		return err
	}
	mod, err := modfile.Parse(file, text, nil)
	if err != nil {
		return err
	}
	if err := mod.AddModuleStmt(module); err != nil {
		return err
	}
	if mod.Go == nil {
		if err := mod.AddGoStmt("1.25.11"); err != nil {
			return err
		}
	}
	if err := mod.AddRequire(pulumiSDK, version); err != nil {
		return err
	}
	out, err := mod.Format()
	if err != nil {
		return err
	}
	return os.WriteFile(file, out, 0o644)
}

// ownPulumiSDK is the version of Pulumi's Go SDK this program was built with (its go.mod pins it).
func ownPulumiSDK() (string, error) {
	build, ok := debug.ReadBuildInfo()
	if ok {
		for _, dep := range build.Deps {
			if dep.Path == pulumiSDK {
				return dep.Version, nil
			}
		}
	}
	return "", fmt.Errorf("cannot tell which %s this program was built with", pulumiSDK)
}
