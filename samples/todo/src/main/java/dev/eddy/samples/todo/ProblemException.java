package dev.eddy.samples.todo;

import dev.eddy.http.HttpError;

/**
 * A request the service refuses, with the {@link Problem} to answer. Endpoints throw it (or fail
 * their stage with it) and {@link TodoApi} turns it into the problem response. It is an {@link
 * HttpError}, so that one escaping the sample's handling still gets its status and detail.
 */
final class ProblemException extends HttpError {

  private static final long serialVersionUID = 1L;

  private final transient Problem problem;

  ProblemException(Problem problem) {
    super(problem.status(), problem.detail() != null ? problem.detail() : problem.title());
    this.problem = problem;
  }

  /** A problem with {@code status} and {@code detail}. */
  static ProblemException of(int status, String detail) {
    return new ProblemException(Problem.of(status, detail));
  }

  Problem problem() {
    return problem;
  }
}
