//! Property tests of disclosure control: random tables, protected, then
//! audited the way Tau-Argus does it, by linear programming. For every
//! withheld count, the smallest and largest values consistent with
//! everything published (non-negative counts, every published sum) must
//! differ: nothing withheld can be pinned down.

#![cfg(not(target_arch = "wasm32"))]

use good_lp::{
    constraint, default_solver, variable, Expression, ProblemVariables, Solution, SolverModel,
    Variable,
};
use portal::model::count::Count;
use portal::model::protect::{protect, Layout, Protected, Shape};
use proptest::prelude::*;

/// Every publishable count in the layout's order, as published.
fn published(layout: Layout, p: &Protected) -> Vec<Count> {
    let mut all = p.cells.clone();
    all.extend(&p.by_week);
    all.extend(&p.by_region);
    all.extend(&p.by_category);
    all.push(p.total);
    assert_eq!(all.len(), layout.len());
    all
}

/// The interval of values of count `target` consistent with what is published.
fn interval(layout: Layout, published: &[Count], target: usize) -> (f64, f64) {
    let bound = |maximise: bool| {
        let mut vars = ProblemVariables::new();
        let x: Vec<Option<Variable>> = published
            .iter()
            .map(|c| match c {
                Count::Suppressed => Some(vars.add(variable().min(0))),
                Count::Value(_) => None,
            })
            .collect();
        let term = |i: usize| -> Expression {
            match (published[i], x[i]) {
                (_, Some(v)) => v.into(),
                (Count::Value(n), None) => Expression::from(f64::from(n)),
                (Count::Suppressed, None) => unreachable!("every suppressed count has a variable"),
            }
        };
        let objective = x[target].expect("the target is suppressed");
        let mut problem = if maximise {
            vars.maximise(objective).using(default_solver)
        } else {
            vars.minimise(objective).using(default_solver)
        };
        for (sum, terms) in layout.groups() {
            let lhs: Expression = terms.iter().map(|&t| term(t)).sum();
            problem = problem.with(constraint!(lhs == term(sum)));
        }
        match problem.solve() {
            Ok(solution) => solution.value(objective),
            // Nothing published bounds it from above: certainly not pinned.
            Err(good_lp::ResolutionError::Unbounded) if maximise => f64::INFINITY,
            Err(e) => panic!("the true table is a solution, yet: {e}"),
        }
    };
    (bound(false), bound(true))
}

fn table() -> impl Strategy<Value = (Shape, Vec<u32>, u32)> {
    (1usize..=4, 1usize..=4, 1usize..=4, 2u32..=6).prop_flat_map(
        |(weeks, regions, categories, k)| {
            let shape = Shape {
                weeks,
                regions,
                categories,
            };
            // Mostly small counts, where suppression matters, some zeros and some large.
            let count = prop_oneof![3 => Just(0u32), 5 => 1u32..8, 2 => 8u32..40];
            (
                Just(shape),
                prop::collection::vec(count, shape.len()),
                Just(k),
            )
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn no_published_count_is_below_k_and_no_withheld_count_is_pinned((shape, raw, k) in table()) {
        let layout = Layout::new(shape);
        let protected = protect(shape, &raw, k);
        let published = published(layout, &protected);
        let truth = layout.values(&raw);
        for (i, count) in published.iter().enumerate() {
            match *count {
                Count::Value(n) => {
                    prop_assert!(n == 0 || n >= k, "count {i} = {n} published below k = {k}");
                    prop_assert_eq!(u64::from(n), truth[i], "published counts are true");
                }
                Count::Suppressed => {
                    let (low, high) = interval(layout, &published, i);
                    prop_assert!(high - low > 0.5, "withheld count {i} (true {}) is pinned to [{low}, {high}] in {raw:?}, k = {k}", truth[i]);
                }
            }
        }
    }
}

#[test]
fn a_lone_small_cell_in_a_week_is_protected_by_a_second_one() {
    let shape = Shape {
        weeks: 1,
        regions: 2,
        categories: 2,
    };
    let protected = protect(shape, &[3, 10, 20, 30], 5);
    assert_eq!(protected.cells[0], Count::Suppressed, "primary");
    assert_eq!(protected.report.primary, 1);
    assert!(protected.report.secondary >= 2, "{:?}", protected.report);
    let suppressed = protected
        .cells
        .iter()
        .filter(|c| **c == Count::Suppressed)
        .count();
    assert!(suppressed >= 2);
}
