//! The attribute table's state: its rows (made once for the layers, filter and year shown,
//! and sorted once per sort), those in view (once per view), and where to scroll when the
//! map's selection changes.

use super::CorridorApp;
use crate::map::{MapData, Viewport};
use crate::model::{Column, FeatureRef, TableRow, table};

/// What the table shows and what it was made for.
pub struct TableState {
    pub open: bool,
    pub sort: (Column, bool),
    pub in_view_only: bool,
    /// The layers (uid, visible, mask) the rows were made for.
    key: Vec<(u64, bool, (u64, u32))>,
    rows: Vec<TableRow>,
    /// The rows shown, as indices into `rows`, and the view they were picked for.
    order: Vec<usize>,
    order_for: Option<Option<Viewport>>,
    /// The selection the table last scrolled to.
    scrolled_to: Option<FeatureRef>,
}

impl Default for TableState {
    fn default() -> Self {
        Self {
            open: false,
            sort: (Column::Name, true),
            in_view_only: false,
            key: Vec::new(),
            rows: Vec::new(),
            order: Vec::new(),
            order_for: None,
            scrolled_to: None,
        }
    }
}

impl TableState {
    /// Make the rows again if the layers, filter or year changed since.
    pub fn refresh(&mut self, data: &MapData, vp: Option<Viewport>) {
        let key: Vec<_> = data
            .layers
            .iter()
            .map(|m| (m.layer.uid, m.visible, m.draw_key()))
            .collect();
        if key != self.key {
            self.rows = data.table_rows();
            table::sort_rows(&mut self.rows, self.sort.0, self.sort.1);
            self.key = key;
            self.order_for = None;
        }
        let view = self.in_view_only.then_some(vp).flatten();
        if self.order_for != Some(view) {
            self.order = match view {
                Some(vp) => in_view(data, &self.rows, &vp),
                None => (0..self.rows.len()).collect(),
            };
            self.order_for = Some(view);
        }
    }

    pub fn sort_by(&mut self, column: Column, ascending: bool) {
        self.sort = (column, ascending);
        table::sort_rows(&mut self.rows, column, ascending);
        self.order_for = None;
    }

    pub fn set_in_view(&mut self, on: bool) {
        self.in_view_only = on;
        self.order_for = None;
    }

    pub fn rows(&self) -> &[TableRow] {
        &self.rows
    }

    pub fn order(&self) -> &[usize] {
        &self.order
    }

    /// Where the table should scroll: the selection's row, once per new selection.
    pub fn scroll_for(&mut self, selected: Option<FeatureRef>) -> Option<usize> {
        if selected == self.scrolled_to {
            return None;
        }
        self.scrolled_to = selected;
        let r = selected?;
        self.order.iter().position(|i| self.rows[*i].r == r)
    }

    /// A row was picked in the table: it is where the table is, do not scroll to it.
    pub fn keep_scroll(&mut self, r: FeatureRef) {
        self.scrolled_to = Some(r);
    }

    /// The rows shown as CSV.
    pub fn csv(&self, data: &MapData) -> String {
        table::to_csv(self.order.iter().filter_map(|i| {
            let row = self.rows.get(*i)?;
            Some((data.get(row.r)?.id.as_str(), row))
        }))
    }
}

/// The entries of `rows` whose features meet the view, in their order.
fn in_view(data: &MapData, rows: &[TableRow], vp: &Viewport) -> Vec<usize> {
    let bounds = vp.unit_bounds();
    let meets: Vec<Vec<bool>> = data
        .layers
        .iter()
        .map(|m| {
            let mut on = vec![false; m.layer.features.len()];
            for i in m.prepared.in_box(&bounds) {
                if let Some(x) = on.get_mut(i) {
                    *x = true;
                }
            }
            on
        })
        .collect();
    (0..rows.len())
        .filter(|i| {
            let r = rows[*i].r;
            meets
                .get(r.layer)
                .and_then(|l| l.get(r.feature))
                .copied()
                .unwrap_or(false)
        })
        .collect()
}

impl CorridorApp {
    /// The attribute table panel, when open.
    pub(super) fn table_panel(&mut self, ui: &mut egui::Ui) -> Vec<crate::ui::Action> {
        self.table.refresh(&self.data, self.viewport);
        let scroll_to = self.table.scroll_for(self.selected);
        let view = crate::ui::TableView {
            rows: self.table.rows(),
            order: self.table.order(),
            selected: self.selected,
            sort: self.table.sort,
            in_view_only: self.table.in_view_only,
            scroll_to,
        };
        crate::ui::attribute_table(ui, &view)
    }
}
