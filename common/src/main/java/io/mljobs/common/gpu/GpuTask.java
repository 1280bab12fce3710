package io.mljobs.common.gpu;

import java.io.Serializable;
import java.util.Iterator;

/**
 * The work of one task of a GPU stage: a partition's rows in, results out, told which GPU it holds.
 *
 * @param <T> input row type
 * @param <R> result type (small: trained models' metrics, paths)
 */
@FunctionalInterface
public interface GpuTask<T, R> extends Serializable {
  Iterator<R> call(Iterator<T> rows, GpuAssignment gpu) throws Exception;
}
