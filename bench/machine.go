package main

import (
	"bufio"
	"os"
	"os/exec"
	"runtime"
	"strings"
)

// machine describes where the figures were measured; they mean little without it.
type machine struct {
	NProc    int    `json:"nproc"`
	CPU      string `json:"cpu_model"`
	OS       string `json:"os"`
	Go       string `json:"go"`
	Ansible  string `json:"ansible"`
	LoadFrom string `json:"loadavg_start"`
	LoadTo   string `json:"loadavg_end"`
}

func machineFacts() machine {
	return machine{NProc: runtime.NumCPU(), CPU: cpuModel(), OS: runtime.GOOS + "/" + runtime.GOARCH,
		Go: runtime.Version(), Ansible: firstLine("ansible-playbook", "--version"), LoadFrom: loadavg()}
}

// cpuModel is the first "model name" of /proc/cpuinfo.
func cpuModel() string {
	f, err := os.Open("/proc/cpuinfo")
	if err != nil {
		return "unknown"
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "unknown"
}

// loadavg is the 1, 5 and 15 minute load averages: other work on the machine skews wall times.
func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return ""
	}
	return strings.Join(f[:3], " ")
}

func firstLine(name string, args ...string) string {
	out, err := exec.Command(name, args...).Output()
	if err != nil {
		return "unknown"
	}
	line, _, _ := strings.Cut(string(out), "\n")
	return strings.TrimSpace(line)
}
