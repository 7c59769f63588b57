// A comma-separated list of numbers as a benchmark option (`--rates 250,500,1000`).
//
// bench/support/types.ts knows two option kinds only, number and choice, and bench/run.ts accepts
// a choice when `choices.includes(given)`. Until the framework grows a list kind, a list option is
// a ChoiceOption whose `choices` accepts every well-formed list: `includes` validates the text and
// `join` describes the format (run.ts prints it in --help and in the usage error). Read the value
// with `numberListValue`, which parses it again.
import type { ChoiceOption, OptionValues } from './types.ts';

export interface NumberListSpec {
  name: string;
  placeholder: string;
  description: string;
  default: readonly number[];
  min: number;
  max: number;
  integer?: boolean;
}

/** Parses "a,b,c"; throws a message naming the first problem. */
export function parseNumberList(text: string, spec: Pick<NumberListSpec, 'name' | 'min' | 'max' | 'integer'>): number[] {
  const parts = text.split(',').map((p) => p.trim());
  if (parts.length === 0 || parts.some((p) => p === '')) throw new Error(`--${spec.name} must be a comma-separated list of numbers (got "${text}")`);
  return parts.map((p) => {
    const n = Number(p);
    if (!Number.isFinite(n)) throw new Error(`--${spec.name}: "${p}" is not a number`);
    if (spec.integer && !Number.isInteger(n)) throw new Error(`--${spec.name}: ${p} is not a whole number`);
    if (n < spec.min || n > spec.max) throw new Error(`--${spec.name}: ${p} is not between ${spec.min} and ${spec.max}`);
    return n;
  });
}

/** The `choices` of a list option: "includes" every valid list, "joins" to a description of the format. */
class AnyNumberList extends Array<string> {
  // map/filter/slice make plain arrays (they would call this constructor with a length otherwise).
  static override get [Symbol.species](): ArrayConstructor {
    return Array;
  }

  constructor(private readonly spec: NumberListSpec) {
    super();
  }

  override includes(given: string): boolean {
    try {
      parseNumberList(given, this.spec);
      return true;
    } catch {
      return false;
    }
  }

  override join(): string {
    return `a comma-separated list of ${this.spec.integer ? 'whole numbers' : 'numbers'} from ${this.spec.min} to ${this.spec.max}`;
  }
}

export function numberListOption(spec: NumberListSpec): ChoiceOption {
  return {
    kind: 'choice', name: spec.name, placeholder: spec.placeholder, description: spec.description,
    default: spec.default.join(','), choices: new AnyNumberList(spec),
  };
}

export function numberListValue(values: OptionValues, spec: NumberListSpec): number[] {
  const v = values[spec.name];
  if (typeof v !== 'string') throw new Error(`benchmark option --${spec.name} is not a list option`);
  return parseNumberList(v, spec);
}
