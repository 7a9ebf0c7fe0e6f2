// The `data` namespace: seeded synthetic datasets, StandardScaler, TensorDataset/DataLoader and accuracy.
export { make_moons, make_blobs, make_spirals, make_badly_scaled, BADLY_SCALED_FEATURES } from "./datasets";
export type { LabeledData } from "./datasets";
export { StandardScaler } from "./scaler";
export { TensorDataset, DataLoader } from "./loader";
export type { DataLoaderOptions } from "./loader";
export { accuracy } from "./metrics";
