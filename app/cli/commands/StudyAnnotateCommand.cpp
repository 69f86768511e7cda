// slicewise-cli study annotate DIR --from LABELS (--slices 3,10,17 | --worklist) [--axis A]
// Scripted annotation: copies whole slices of a label map into the study as drawn voxels, as a
// person would paint them, and marks each slice done (or empty-here when it holds no label).
#if SLICEWISE_HAS_STUDY
#include <CLI/CLI.hpp>
#include <iostream>

#include "CliSupport.h"
#include "CommandRegistry.h"
#include "io/LabelDescriptionIO.h"
#include "io/LabelMapLoader.h"
#include "study/Study.h"

namespace slicewise::cli {
namespace {

struct StudyAnnotateOptions {
  std::string dir, from, slices, axis, author;
  bool worklist = false, resample = false, force = false;
};

void run(const StudyAnnotateOptions& o) {
  const SliceAxis axis = axisFromOption(o.axis);
  const auto study = Study::open(o.dir, Study::Mode::ReadWrite, o.force);
  for (const auto& note : study->openNotes()) warn(note);
  std::vector<int64_t> slices;
  if (o.worklist) {
    for (int64_t s : study->marks().worklist(axis))
      if (!study->marks().get(axis, s).isKey()) slices.push_back(s);
    if (study->marks().worklist(axis).empty())
      throw CliFailure("study " + o.dir + " has no to-annotate slices on the " +
                       std::string(axisName(axis)) + " axis (select slices first)");
  } else {
    slices = parseSliceList(o.slices);
  }
  const SlicePlane plane = slicePlane(study->geometry(), axis);
  for (int64_t s : slices)
    if (s < 0 || s >= plane.count)
      throw CliFailure("slice " + std::to_string(s) + " is outside the " + std::string(axisName(axis)) +
                       " axis (0.." + std::to_string(plane.count - 1) + ")");
  std::vector<std::string> warnings;
  const LabelVolume source = loadLabelMapFor(study->geometry(), o.from, o.resample, &warnings);
  for (const auto& w : warnings) warn(w);
  int done = 0, empty = 0;
  std::string list;
  AnnotationEditor& editor = study->editor();
  EditTransaction edit = editor.begin("annotate " + std::string(axisName(axis)));
  try {
    for (int64_t s : slices) {
      const std::vector<Label> pixels = source.slice(plane, s);
      edit.assignSlice(axis, s, pixels, EditActor::Person);
      const bool hasLabel = std::any_of(pixels.begin(), pixels.end(), [](Label l) { return l != 0; });
      SliceMark mark = study->marks().get(axis, s);
      mark.annotation = hasLabel ? AnnotationState::Done : AnnotationState::EmptyHere;
      edit.setMark(axis, s, mark);
      (hasLabel ? done : empty)++;
      list += (list.empty() ? "" : ",") + std::to_string(s);
    }
    edit.commit();
  } catch (const EditError& e) {
    throw CliFailure(e.what());
  }
  // Names and colours of labels the study does not know yet come with the map (sidecar or
  // ITK-SNAP .label beside it), else defaults.
  LabelTable table = study->labelTable();
  const LabelTable described = describeLabelMap(o.from);
  for (const auto& [id, count] : study->labels().labelCounts())
    if (!table.find(id)) table.set(described.infoOrDefault(id));
  EditTransaction names = editor.begin("label names");
  names.setTable(table);
  names.commit();
  study->save(o.author, "annotate " + std::string(axisName(axis)) + " " + list);
  std::cout << "annotated " << slices.size() << " " << axisName(axis) << " slices (" << done
            << " done, " << empty << " empty-here)\n";
}

void setupStudyAnnotate(CLI::App& root) {
  auto opts = std::make_shared<StudyAnnotateOptions>();
  CLI::App& group = commandGroup(root, "study", "Study folders: create, inspect, annotate, export");
  CLI::App* cmd = group.add_subcommand(
      "annotate", "Copy slices of a label map into the study as drawn, annotated slices");
  cmd->add_option("DIR", opts->dir, "Study folder")->required();
  cmd->add_option("--from", opts->from, "Label map on the study's grid")->required();
  auto* slices = cmd->add_option("--slices", opts->slices, "Slice indices, e.g. 3,10,17");
  auto* worklist = cmd->add_flag("--worklist", opts->worklist, "The study's to-annotate slices");
  slices->excludes(worklist);
  addAxisOption(*cmd, opts->axis);
  cmd->add_flag("--resample-labels", opts->resample,
                "Resample a label map on another grid onto the study with nearest neighbour");
  cmd->add_option("--author", opts->author, "Name recorded in the history (default: login name)");
  addForceLockOption(*cmd, opts->force);
  cmd->callback([opts] {
    if (opts->slices.empty() && !opts->worklist) throw CLI::ValidationError("--slices or --worklist is required");
    run(*opts);
  });
}

SLICEWISE_CLI_COMMAND(202, setupStudyAnnotate)

}  // namespace
}  // namespace slicewise::cli
#endif
