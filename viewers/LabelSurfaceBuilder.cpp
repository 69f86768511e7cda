#include "viewers/LabelSurfaceBuilder.h"

#include <vtkCellArray.h>
#include <vtkDataArray.h>
#include <vtkDiscreteFlyingEdges3D.h>
#include <vtkIdList.h>
#include <vtkImageData.h>
#include <vtkMatrix4x4.h>
#include <vtkNew.h>
#include <vtkPointData.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>
#include <vtkPolyDataNormals.h>
#include <vtkSmartPointer.h>
#include <vtkTransform.h>
#include <vtkTransformPolyDataFilter.h>
#include <vtkUnsignedCharArray.h>
#include <vtkWindowedSincPolyDataFilter.h>

#include <algorithm>
#include <array>
#include <cmath>

namespace slicewise {

namespace {

bool aborted(const std::atomic<bool>* abort) { return abort && abort->load(); }

// The grid the surface is extracted from: the mask itself, or blocks of `step` voxels per axis.
struct Grid {
  const uint8_t* inside = nullptr;
  std::vector<uint8_t> pooled;
  Index3 size{0, 0, 0};
  std::array<int64_t, 3> step{1, 1, 1};
  // Mask element (0,0,0) of the grid's element (0,0,0), in voxels: a block's centre.
  Vec3 firstCentre{0, 0, 0};
};

// Steps per axis for an overall coarsening `s`: thick slices are pooled less, so blocks stay as
// close to cubes as the spacing allows.
std::array<int64_t, 3> stepsFor(int64_t s, const Vec3& spacing) {
  const double finest = std::min({spacing[0], spacing[1], spacing[2]});
  std::array<int64_t, 3> step{};
  for (size_t d = 0; d < 3; ++d)
    step[d] = std::max<int64_t>(1, std::llround(double(s) * finest / spacing[d]));
  return step;
}

// Blocks of the mask, a block inside when any voxel of it is; one empty block on every side
// keeps the surface closed.
Grid pool(const LabelMask& mask, const std::array<int64_t, 3>& step) {
  Grid g;
  g.step = step;
  for (size_t d = 0; d < 3; ++d) {
    g.size[d] = (mask.size[d] + step[d] - 1) / step[d] + 2;
    g.firstCentre[d] = double(-step[d]) + 0.5 * double(step[d] - 1);
  }
  g.pooled.assign(size_t(g.size[0] * g.size[1] * g.size[2]), 0);
  for (int64_t k = 0; k < mask.size[2]; ++k)
    for (int64_t j = 0; j < mask.size[1]; ++j) {
      const uint8_t* row = mask.inside.data() + (k * mask.size[1] + j) * mask.size[0];
      uint8_t* out = g.pooled.data() + ((k / step[2] + 1) * g.size[1] + j / step[1] + 1) * g.size[0] + 1;
      for (int64_t i = 0; i < mask.size[0]; ++i) out[i / step[0]] |= row[i];
    }
  g.inside = g.pooled.data();
  return g;
}

// Six times the signed volume the triangles enclose: positive when their winding (and so the
// normals vtkPolyDataNormals derives from it) faces outward.
double signedVolume6(vtkPolyData* mesh) {
  vtkPoints* points = mesh->GetPoints();
  vtkCellArray* polys = mesh->GetPolys();
  double sum = 0;
  vtkNew<vtkIdList> ids;
  for (polys->InitTraversal(); polys->GetNextCell(ids);) {
    if (ids->GetNumberOfIds() != 3) continue;
    double a[3], b[3], c[3];
    points->GetPoint(ids->GetId(0), a);
    points->GetPoint(ids->GetId(1), b);
    points->GetPoint(ids->GetId(2), c);
    sum += a[0] * (b[1] * c[2] - b[2] * c[1]) - a[1] * (b[0] * c[2] - b[2] * c[0]) +
           a[2] * (b[0] * c[1] - b[1] * c[0]);
  }
  return sum;
}

}  // namespace

std::array<int64_t, 3> LabelSurfaceBuilder::boundaryFaces(const LabelMask& mask) {
  const int64_t nx = mask.size[0], ny = mask.size[1], nz = mask.size[2];
  const uint8_t* m = mask.inside.data();
  std::array<int64_t, 3> faces{0, 0, 0};
  for (int64_t k = 0; k < nz; ++k)
    for (int64_t j = 0; j < ny; ++j) {
      const uint8_t* row = m + (k * ny + j) * nx;
      const uint8_t* next = j + 1 < ny ? row + nx : nullptr;
      const uint8_t* above = k + 1 < nz ? row + nx * ny : nullptr;
      for (int64_t i = 0; i + 1 < nx; ++i) faces[0] += row[i] != row[i + 1];
      if (next)
        for (int64_t i = 0; i < nx; ++i) faces[1] += row[i] != next[i];
      if (above)
        for (int64_t i = 0; i < nx; ++i) faces[2] += row[i] != above[i];
    }
  return faces;
}

std::shared_ptr<vtkPolyData> LabelSurfaceBuilder::build(const LabelMask& mask,
                                                        const ImageGeometry& geometry,
                                                        const SurfaceOptions& options,
                                                        const std::atomic<bool>* abort) {
  if (mask.empty() || aborted(abort)) return nullptr;

  // Discrete flying edges puts about two triangles on every boundary face. A block of steps
  // (sx, sy, sz) merges the faces normal to x by sy * sz, and so on.
  const std::array<int64_t, 3> faces = boundaryFaces(mask);
  auto triangles = [&](const std::array<int64_t, 3>& s) {
    return 2 * (faces[0] / (s[1] * s[2]) + faces[1] / (s[0] * s[2]) + faces[2] / (s[0] * s[1]));
  };
  Grid grid;
  grid.inside = mask.inside.data();
  grid.size = mask.size;
  if (triangles({1, 1, 1}) > options.maxTriangles) {
    std::array<int64_t, 3> step = stepsFor(2, geometry.spacing);
    for (int64_t s = 3; s <= 8 && triangles(step) > options.maxTriangles; ++s)
      step = stepsFor(s, geometry.spacing);
    grid = pool(mask, step);
  }
  if (aborted(abort)) return nullptr;

  vtkNew<vtkImageData> image;
  image->SetDimensions(int(grid.size[0]), int(grid.size[1]), int(grid.size[2]));
  vtkNew<vtkUnsignedCharArray> scalars;
  scalars->SetArray(const_cast<uint8_t*>(grid.inside),
                    vtkIdType(grid.size[0] * grid.size[1] * grid.size[2]), 1 /* borrowed */);
  image->GetPointData()->SetScalars(scalars);

  vtkNew<vtkDiscreteFlyingEdges3D> contour;
  contour->SetInputData(image);
  contour->SetValue(0, 1.0);
  contour->ComputeScalarsOff();
  contour->ComputeNormalsOff();
  contour->ComputeGradientsOff();
  contour->Update();
  vtkSmartPointer<vtkPolyData> mesh = contour->GetOutput();
  if (mesh->GetNumberOfPolys() == 0 || aborted(abort)) return nullptr;

  if (options.smoothingIterations > 0) {
    vtkNew<vtkWindowedSincPolyDataFilter> smooth;
    smooth->SetInputData(mesh);
    smooth->SetNumberOfIterations(options.smoothingIterations);
    smooth->SetPassBand(0.1);
    smooth->BoundarySmoothingOff();
    smooth->FeatureEdgeSmoothingOff();
    smooth->NonManifoldSmoothingOn();
    smooth->NormalizeCoordinatesOn();
    smooth->Update();
    mesh = smooth->GetOutput();
    if (aborted(abort)) return nullptr;
  }

  // Grid element g is mask element firstCentre + step * g, i.e. voxel origin + that; and
  // patient = origin + direction * spacing * voxel. The contour filter works in grid space
  // because it ignores an image's direction matrix.
  vtkNew<vtkMatrix4x4> gridToPatient;
  for (int r = 0; r < 3; ++r) {
    double shift = geometry.origin[size_t(r)];
    for (int c = 0; c < 3; ++c) {
      const double m = geometry.direction[size_t(r * 3 + c)] * geometry.spacing[size_t(c)];
      gridToPatient->SetElement(r, c, m * double(grid.step[size_t(c)]));
      shift += m * (double(mask.origin[size_t(c)]) + grid.firstCentre[size_t(c)]);
    }
    gridToPatient->SetElement(r, 3, shift);
  }
  vtkNew<vtkTransform> transform;
  transform->SetMatrix(gridToPatient);
  vtkNew<vtkTransformPolyDataFilter> place;
  place->SetInputData(mesh);
  place->SetTransform(transform);

  vtkNew<vtkPolyDataNormals> normals;
  normals->SetInputConnection(place->GetOutputPort());
  normals->SplittingOff();
  normals->ConsistencyOff();
  normals->ComputePointNormalsOn();
  normals->ComputeCellNormalsOff();
  normals->Update();
  if (aborted(abort)) return nullptr;

  std::shared_ptr<vtkPolyData> out(vtkPolyData::New(), [](vtkPolyData* p) { p->Delete(); });
  out->ShallowCopy(normals->GetOutput());  // the filters die here, so the points are ours alone

  // Pull every point in along its normal: the inset, plus half a block on pooled axes (a block
  // reaches on average that far past the voxels that made it inside).
  const double inset = options.insetVoxels *
                       std::min({geometry.spacing[0], geometry.spacing[1], geometry.spacing[2]});
  std::array<Vec3, 3> blockReach{};  // per voxel axis: direction * half the extra block length
  bool pooled = false;
  for (int c = 0; c < 3; ++c) {
    const double half = 0.5 * double(grid.step[size_t(c)] - 1) * geometry.spacing[size_t(c)];
    pooled = pooled || half > 0;
    blockReach[size_t(c)] = {geometry.direction[size_t(c)] * half,
                             geometry.direction[size_t(3 + c)] * half,
                             geometry.direction[size_t(6 + c)] * half};
  }
  if (inset > 0 || pooled) {
    // Normals follow the winding; a mirroring direction matrix turns them inward.
    const double outward = signedVolume6(out.get()) > 0 ? 1.0 : -1.0;
    vtkPoints* points = out->GetPoints();
    vtkDataArray* n = out->GetPointData()->GetNormals();
    for (vtkIdType p = 0; p < points->GetNumberOfPoints(); ++p) {
      double x[3], v[3];
      points->GetPoint(p, x);
      n->GetTuple(p, v);
      double along = inset;
      for (const Vec3& reach : blockReach)
        along += std::abs(v[0] * reach[0] + v[1] * reach[1] + v[2] * reach[2]);
      along *= -outward;
      points->SetPoint(p, x[0] + along * v[0], x[1] + along * v[1], x[2] + along * v[2]);
    }
    points->Modified();
  }
  return out;
}

}  // namespace slicewise
