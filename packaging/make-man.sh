#!/usr/bin/env bash
# Writes the slicewise-cli(1) man page from the program's own --help texts, so the page always
# describes the commands the build has. Usage: make-man.sh SLICEWISE_CLI OUT.1
set -euo pipefail
cli="$1"
out="$2"
version="$("$cli" --version | awk '{print $2}')"

# The subcommand names listed under "Subcommands:" of a help text.
subcommands() { "$cli" "$@" --help | awk '/^Subcommands:/{on=1; next} on && /^  [a-z]/{print $1}'; }

# Help text as troff: preformatted, backslashes and leading dots escaped.
verbatim() {
  printf '.nf\n'
  sed -e 's/\\/\\e/g' -e 's/^\./\\\&./'
  printf '.fi\n'
}

tmp="$(mktemp "$out.XXXXXX")"
trap 'rm -f "$tmp"' EXIT
{
  printf '.TH SLICEWISE-CLI 1 "" "slicewise %s" "User Commands"\n' "$version"
  printf '.SH NAME\nslicewise-cli \\- segment a volume from a few annotated slices, without a window\n'
  printf '.SH SYNOPSIS\n.B slicewise-cli\n.I command\n[\n.I options\n]\n'
  printf '.SH DESCRIPTION\n'
  printf 'Chooses the slices of a CT or MRI volume worth annotating, predicts the others from them, '
  printf 'scores predictions against full label maps, and reads and writes images, DICOM series, '
  printf 'DICOM SEG and study folders. Every command takes \\fB\\-\\-help\\fR; \\fB\\-\\-json\\fR gives '
  printf 'machine-readable output on standard output, tables otherwise; warnings and progress go to '
  printf 'standard error.\n'
  printf '.SH COMMANDS\n'
  for cmd in $(subcommands); do
    nested="$(subcommands "$cmd")"
    if [ -z "$nested" ]; then
      printf '.SS %s\n' "$cmd"
      "$cli" "$cmd" --help | verbatim
    else
      for sub in $nested; do
        printf '.SS %s %s\n' "$cmd" "$sub"
        "$cli" "$cmd" "$sub" --help | verbatim
      done
    fi
  done
  printf '.SH EXIT STATUS\n0 on success, 1 on failure (one line on standard error saying why), 2 on bad usage.\n'
  printf '.SH SEE ALSO\n.BR slicewise (1)\n'
} > "$tmp"
chmod 644 "$tmp"
mv "$tmp" "$out"
trap - EXIT
