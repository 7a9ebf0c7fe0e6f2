// StandardScaler, as in scikit-learn: per-feature (column) mean and population standard deviation learned by fit,
// applied by transform as (X - mean_) / scale_. A constant feature gets scale 1 instead of a division by zero.
import { no_grad } from "../autograd";
import { fail, fmtShape } from "../errors";
import type { Tensor } from "../tensor";
import { tensorArg } from "../validate";

export class StandardScaler {
  /** Per-feature mean [n_features], set by fit. */
  mean_: Tensor | null = null;
  /** Per-feature standard deviation (ddof 0) [n_features], 1 where it is 0. */
  scale_: Tensor | null = null;

  fit(X: Tensor): this {
    if (!tensorArg("StandardScaler.fit", "X", X).dtype.is_floating_point) fail("StandardScaler.fit", `X must be floating point, got ${X.dtype}; convert it with .float()`);
    if (X.ndim !== 2) fail("StandardScaler.fit", `expected a 2-D [n_samples, n_features] tensor, got shape ${fmtShape(X.shape)}`);
    no_grad(() => {
      this.mean_ = X.mean(0);
      const std = X.std(0, { correction: 0 });
      this.scale_ = std.where(std.gt(0), 1);
    });
    return this;
  }

  transform(X: Tensor): Tensor {
    const [mean, scale] = this.fitted("transform", X);
    return X.sub(mean).div(scale);
  }

  fit_transform(X: Tensor): Tensor {
    return this.fit(X).transform(X);
  }

  inverse_transform(X: Tensor): Tensor {
    const [mean, scale] = this.fitted("inverse_transform", X);
    return X.mul(scale).add(mean);
  }

  private fitted(op: string, X: Tensor): [Tensor, Tensor] {
    tensorArg(`StandardScaler.${op}`, "X", X);
    if (this.mean_ === null || this.scale_ === null) fail(`StandardScaler.${op}`, "this scaler is not fitted yet; call fit(X_train) first");
    if (X.ndim !== 2 || X.shape[1] !== this.mean_.shape[0]) {
      fail(`StandardScaler.${op}`, `X has shape ${fmtShape(X.shape)} but the scaler was fitted on ${this.mean_.shape[0]} features`);
    }
    return [this.mean_, this.scale_];
  }
}
