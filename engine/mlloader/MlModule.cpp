#include "mlloader/MlModule.h"

#include <dlfcn.h>
#include <filesystem>
#include <mutex>
#include <vector>

namespace fs = std::filesystem;

namespace slicewise {

namespace {

constexpr const char* kModuleFile = "libslicewise_mlmodule.so";

std::vector<fs::path> candidates() {
  std::vector<fs::path> out;
  if (const char* env = std::getenv("SLICEWISE_ML_MODULE")) out.emplace_back(env);
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    out.push_back(exe.parent_path() / kModuleFile);
    out.push_back(exe.parent_path().parent_path() / "lib" / "slicewise" / kModuleFile);
  }
  return out;
}

}  // namespace

const MlModule* MlModule::instance(std::string* error) {
  static std::once_flag once;
  static std::unique_ptr<MlModule> module;
  static std::string failure;
  std::call_once(once, [] {
    std::string tried;
    for (const fs::path& p : candidates()) {
      std::error_code ec;
      if (!fs::exists(p, ec)) {
        tried += (tried.empty() ? "" : ", ") + p.string();
        continue;
      }
      // Never unloaded: objects it created may outlive any scope here.
      void* handle = dlopen(p.c_str(), RTLD_NOW | RTLD_LOCAL);
      if (!handle) {
        failure = std::string("cannot load the network module: ") + dlerror();
        return;
      }
      auto abi = reinterpret_cast<int (*)()>(dlsym(handle, "slicewise_ml_module_abi"));
      auto create = reinterpret_cast<CreateSelector>(dlsym(handle, "slicewise_ml_create_selector"));
      auto predictor = reinterpret_cast<CreatePredictor>(dlsym(handle, "slicewise_ml_create_predictor"));
      if (!abi || !create || !predictor || abi() != kAbiVersion) {
        failure = "the network module " + p.string() + " is from another Slicewise version";
        return;
      }
      module.reset(new MlModule());
      module->path_ = p.string();
      module->createSelector_ = create;
      module->createPredictor_ = predictor;
      return;
    }
    failure = "the network module (" + std::string(kModuleFile) + ") is not installed; looked in " + tried;
  });
  if (!module && error) *error = failure;
  return module.get();
}

std::unique_ptr<SliceSelector> MlModule::createSelector(const std::string& name,
                                                       const std::string& networkFile) const {
  return std::unique_ptr<SliceSelector>(createSelector_(name.c_str(), networkFile.c_str()));
}

std::unique_ptr<SlicePredictor> MlModule::createPredictor(const std::string& name, const UNetParameters& parameters,
                                                         const EnsembleParameters& ensemble,
                                                         std::string* error) const {
  char message[512] = {0};
  std::unique_ptr<SlicePredictor> p(
      createPredictor_(name.c_str(), &parameters, &ensemble, message, sizeof(message)));
  if (!p && error) *error = message[0] ? message : "the network module has no predictor '" + name + "'";
  return p;
}

}  // namespace slicewise
