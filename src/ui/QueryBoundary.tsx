/**
 * Catches errors thrown by `useQuery` below it (a failed or forbidden query)
 * and shows them as an ErrorState with a retry, instead of a blank screen.
 */
import { Component, type ReactNode } from "react";
import { Button } from "./Button";
import { ErrorState } from "./ErrorState";

type State = { error: unknown; key: number };

export class QueryBoundary extends Component<{ children: ReactNode; title?: string; extraAction?: ReactNode }, State> {
  state: State = { error: null, key: 0 };
  static getDerivedStateFromError(error: unknown) {
    return { error };
  }
  render() {
    if (this.state.error) {
      return (
        <ErrorState
          error={this.state.error}
          title={this.props.title}
          action={
            <span className="flex gap-2">
              <Button size="sm" onClick={() => this.setState((s) => ({ error: null, key: s.key + 1 }))}>
                Try again
              </Button>
              {this.props.extraAction}
            </span>
          }
        />
      );
    }
    return (
      <div key={this.state.key} className="contents">
        {this.props.children}
      </div>
    );
  }
}
